import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Run by the "no-js" project (JavaScript disabled): every form meant to work without
// it — plain posts and GET forms — does.

async function login(page: import('@playwright/test').Page) {
  await page.goto('/login');
  await page.locator('input[name=email]').fill('demo@flyt.test');
  await page.locator('input[name=password]').fill('demo');
  await page.locator('form[action="/auth/login"] button[type=submit]').click();
  await expect(page.getByTestId('company-name')).toBeVisible();
}

test('log in, switch company and language, log out', async ({ page }) => {
  await login(page);
  const before = await page.getByTestId('company-name').textContent();
  const company = page.locator('form[action="/auth/company"]');
  const other = await company.locator('option:not([selected])').first().getAttribute('value');
  await company.locator('select').selectOption(other!);
  // with JavaScript off, the <noscript> button is part of the page
  await company.locator('button[type=submit]').click();
  await expect(page.getByTestId('company-name')).not.toHaveText(before!);
  const lang = page.locator('form[action="/auth/lang"]');
  await lang.locator('select').selectOption('sv');
  await lang.locator('button[type=submit]').click();
  await expect(page.locator('nav.main-nav')).toContainText('Försäljning');
  await page.locator('form[action="/auth/logout"] button').click();
  await expect(page).toHaveURL(/\/login$/);
});

test('search lists, the stock lookup and a customer statement', async ({ page }) => {
  await login(page);
  await page.goto('/stock');
  await page.locator('form[action="/stock"] input[name=q]').fill('1001');
  await page.locator('form[action="/stock"] button[type=submit]').click();
  await expect(page).toHaveURL(/q=1001/);
  await expect(page.locator('table.data tbody')).toContainText('1001');
  await page.goto('/stock/lookup');
  await page.getByTestId('lookup-code').fill('1001');
  await page.locator('form[action="/stock/lookup"] button[type=submit]').click();
  await expect(page.getByTestId('lookup-result')).toContainText('1001');
  await page.goto('/receivables/statement');
  await page.locator('form[action="/receivables/statement"] input[name=customer]').fill('10000');
  await page.locator('form[action="/receivables/statement"] button[type=submit]').click();
  await expect(page.getByTestId('statement')).toBeVisible();
});

test('a setup register row and a bank file upload', async ({ page }) => {
  await login(page);
  await page.goto('/setup/units');
  await page.locator('form.inline-form input[name=code]').fill('kasse');
  await page.locator('form.inline-form input[name=name]').fill('Kasse');
  await page.locator('form.inline-form button[type=submit]').click();
  await page.goto('/setup/units');
  await expect(page.locator('table.data tbody')).toContainText('Kasse');
  // a bank file that is not one: the page says why
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flyt-')), 'not-a-bank-file.txt');
  fs.writeFileSync(file, 'Date;Amount\n2026-11-01;100\n');
  await page.goto('/receivables/bank');
  await page.getByTestId('bank-file').setInputFiles(file);
  await page.locator('[data-testid=bank-upload] button[type=submit]').click();
  // (in the user's language: the language was switched to Swedish above)
  await expect(page.getByRole('alert')).toContainText(/Not a bank file|Ikke en bankfil|Ingen bankfil/);
});
