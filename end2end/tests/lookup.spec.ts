import { test, expect } from '@playwright/test';
import { login } from './helpers';

test.use({ viewport: { width: 390, height: 844 } });

test('the phone stock lookup finds an item by barcode', async ({ page, request }) => {
  // an item with a barcode and stock, made through the API
  const session = await request.post('/api/v1/session', { data: { email: 'demo@flyt.test', password: 'demo' } });
  expect(session.ok()).toBeTruthy();
  const created = await request.post('/api/v1/items', {
    data: { item_no: 'PH-1', description: 'Pannelampe', unit: 'stk', vat_code: 'S25', barcode: '4006381333931', active: 'true' },
  });
  expect(created.status()).toBe(201);
  const adj = await request.post('/api/v1/stock/adjustments', { data: { item_no: 'PH-1', warehouse: 'MAIN', qty: '7', reason: 'opening_balance' } });
  expect(adj.status()).toBe(204);

  await login(page);
  await page.goto('/stock/lookup');
  await page.getByTestId('lookup-code').fill('4006381333931');
  await page.getByTestId('lookup-code').press('Enter');
  const result = page.getByTestId('lookup-result');
  await expect(result).toContainText('PH-1');
  await expect(result.getByTestId('free').first()).toHaveText('7');
  // the page fits the phone: nothing wider than the viewport
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  await page.getByTestId('lookup-code').fill('0000000000000');
  await page.getByTestId('lookup-code').press('Enter');
  await expect(page.getByRole('alert')).toBeVisible();

  // by name: one match is the item, several are a choice
  await page.getByTestId('lookup-code').fill('pannelampe');
  await page.getByTestId('lookup-code').press('Enter');
  await expect(page.getByTestId('lookup-result')).toContainText('PH-1');
  for (const no of ['LYKT-A', 'LYKT-B']) {
    expect((await request.post('/api/v1/items', { data: { item_no: no, description: `Lommelykt ${no}`, unit: 'stk', vat_code: 'S25', active: 'true' } })).status()).toBe(201);
  }
  await page.getByTestId('lookup-code').fill('lommelykt');
  await page.getByTestId('lookup-code').press('Enter');
  const choices = page.getByTestId('lookup-choices');
  await expect(choices.locator('li')).toHaveCount(2);
  await choices.locator('a', { hasText: 'LYKT-B' }).click();
  await expect(page.getByTestId('lookup-result')).toContainText('LYKT-B');
});
