import { test, expect } from '@playwright/test';
import { login, watchConsole } from './helpers';

test('a near-identical name shows the duplicate warning before creating', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page);
  await page.goto('/parties/new?kind=customer');
  await page.waitForLoadState('networkidle');
  const form = page.getByTestId('party-form');
  await form.getByTestId('field-name').fill('Trollvegg Klatresenter og Friluft AS');
  await form.getByTestId('field-city').fill('Bergen');
  await form.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/parties\/\d+$/);
  await expect(page.getByTestId('party-name')).toHaveText('Trollvegg Klatresenter og Friluft AS');

  await page.goto('/parties/new?kind=customer');
  await page.waitForLoadState('networkidle');
  await form.getByTestId('field-name').fill('TROLLVEGG KLATRESENTER & FRILUFT A/S');
  await form.locator('button[type=submit]').click();
  const warning = page.getByTestId('similar-parties');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('Trollvegg Klatresenter og Friluft AS');
  await expect(page).toHaveURL(/\/parties\/new/);
  // the user decides to create it anyway
  await page.getByTestId('confirm-duplicate').check();
  await form.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/parties\/\d+$/);
  await expect(page.getByTestId('party-name')).toHaveText('TROLLVEGG KLATRESENTER & FRILUFT A/S');
  expect(errors).toEqual([]);
});

test('an admin makes org no mandatory and the form refuses to save without it', async ({ page, request }) => {
  const errors = watchConsole(page);
  await login(page);
  await page.goto('/setup/party-forms');
  await page.waitForLoadState('networkidle');
  const setup = page.getByTestId('form-fields-supplier');
  await setup.getByTestId('required-supplier-org_no').check();
  await setup.locator('button[type=submit]').click();
  await expect(page.getByRole('status').first()).toBeVisible();

  await page.goto('/parties/new?kind=supplier');
  await page.waitForLoadState('networkidle');
  const form = page.getByTestId('party-form');
  await expect(form.getByTestId('field-org_no')).toHaveAttribute('required', '');
  await form.getByTestId('field-name').fill('Uten Organisasjonsnummer AS');
  await form.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/parties\/new/);
  // the server holds the rule too, whatever the browser lets through
  await request.post('/api/v1/session', { data: { email: 'demo@flyt.test', password: 'demo' } });
  const r = await request.post('/api/v1/suppliers', { data: { name: 'Uten Organisasjonsnummer AS' } });
  expect(r.status()).toBe(422);
  expect((await r.json()).error).toContain('Org');

  await form.getByTestId('field-org_no').fill('988077917');
  await form.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/parties\/\d+$/);

  // put the setting back for the other specs
  await page.goto('/setup/party-forms');
  await page.waitForLoadState('networkidle');
  await page.getByTestId('form-fields-supplier').getByTestId('required-supplier-org_no').uncheck();
  await page.getByTestId('form-fields-supplier').locator('button[type=submit]').click();
  await expect(page.getByRole('status').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('a party that is both customer and supplier is in both lists', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page);
  await page.goto('/parties/new?kind=supplier');
  await page.waitForLoadState('networkidle');
  const form = page.getByTestId('party-form');
  await form.getByTestId('input[is_customer]').check();
  await form.getByTestId('field-name').fill('Kystpartner Logistikk AS');
  await form.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/parties\/\d+$/);
  for (const kind of ['customers', 'suppliers', 'both']) {
    await page.goto(`/parties?q=kystpartner&kind=${kind}`);
    await expect(page.getByTestId('party-list').locator('tbody')).toContainText('Kystpartner Logistikk AS');
  }
  expect(errors).toEqual([]);
});
