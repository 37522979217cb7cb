import { test, expect } from '@playwright/test';
import { login, watchConsole } from './helpers';

test('log in, switch language, rename the company in setup, log out', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page);
  // the demo user reads Norwegian
  await expect(page.locator('nav.main-nav')).toContainText('Salg');
  await page.getByTestId('language').selectOption('sv');
  await expect(page.locator('nav.main-nav')).toContainText('Försäljning');
  await page.getByTestId('language').selectOption('en');
  await expect(page.locator('nav.main-nav')).toContainText('Sales');

  await page.goto('/setup');
  const name = page.locator('input[name="input[name]"]');
  await expect(name).toHaveValue(/Fjordvik/);
  // let the WASM load; the form also works before hydration (a plain post)
  await page.waitForLoadState('networkidle');
  const newName = 'Fjordvik Handel og Import AS';
  await name.fill(newName);
  await page.getByRole('button', { name: 'Save' }).first().click();
  await expect(page.getByTestId('company-name')).toHaveText(newName);

  // bad input is refused with a clear message
  await page.locator('input[name="input[org_no]"]').fill('988077918');
  await page.getByRole('button', { name: 'Save' }).first().click();
  await expect(page.getByRole('alert')).toContainText('not a valid Norwegian organisation number');
  await page.reload();
  await expect(page.getByTestId('company-name')).toHaveText(newName);

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/login$/);
  expect(errors).toEqual([]);
});

test('every setup page renders and a register row can be added', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page);
  for (const path of ['/setup', '/setup/series', '/setup/terms', '/setup/vat', '/setup/units', '/setup/warehouses', '/setup/users', '/setup/tokens']) {
    await page.goto(path);
    await expect(page.locator('h2').first()).toBeVisible();
  }
  await page.goto('/setup/units');
  await page.waitForLoadState('networkidle');
  await page.locator('form.inline-form input[name=code]').fill('pall');
  await page.locator('form.inline-form input[name=name]').fill('Pall');
  await page.locator('form.inline-form button[type=submit]').click();
  await expect(page.locator('table.data tbody')).toContainText('Pall');
  // keyboard shortcut to the sales area
  await page.keyboard.press('Alt+s');
  await expect(page).toHaveURL(/\/sales$/);
  expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the login page renders and logs in', async ({ page }) => {
    await page.goto('/login');
    await page.locator('input[name=email]').fill('demo@flyt.test');
    await page.locator('input[name=password]').fill('wrong');
    await page.locator('form[action="/auth/login"] button[type=submit]').click();
    await expect(page.getByRole('alert')).toBeVisible();
    await page.locator('input[name=password]').fill('demo');
    await page.locator('form[action="/auth/login"] button[type=submit]').click();
    await expect(page.getByTestId('company-name')).toBeVisible();
  });
});
