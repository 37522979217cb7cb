import { test, expect } from '@playwright/test';
import { login, watchConsole } from './helpers';

test('create an item, adjust its stock and see the figures change', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page);
  await page.goto('/stock/items/new');
  await page.waitForLoadState('networkidle');
  const form = page.getByTestId('item-form');
  await form.locator('input[name="input[item_no]"]').fill('E2E-1');
  await form.locator('input[name="input[description]"]').fill('Hodelykt 300 lumen');
  await form.locator('input[name="input[unit]"]').fill('stk');
  await form.locator('input[name="input[sales_price]"]').fill('349.00');
  await form.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/stock\/items\/E2E-1$/);
  await page.waitForLoadState('networkidle');

  const adjust = page.getByTestId('adjust-form');
  await adjust.locator('input[name="input[qty]"]').fill('12');
  await adjust.locator('select[name="input[reason]"]').selectOption('opening_balance');
  await adjust.locator('button[type=submit]').click();
  const main = page.getByTestId('figures').locator('tbody tr').filter({ hasText: 'MAIN' });
  await expect(main.locator('td').nth(2)).toHaveText('12');

  // taking more than is on hand is refused with the reason
  await adjust.locator('input[name="input[qty]"]').fill('-20');
  await adjust.locator('select[name="input[reason]"]').selectOption('lost');
  await adjust.locator('button[type=submit]').click();
  await expect(page.getByRole('alert')).toContainText('Not enough stock of E2E-1 in MAIN');
  await expect(main.locator('td').nth(2)).toHaveText('12');

  // the profile shows the move and its chart; filtering happens in the browser
  const profile = page.getByTestId('profile-table');
  await expect(profile.locator('tbody tr')).toHaveCount(1);
  await expect(profile.locator('tbody tr').first().locator('td').nth(3)).toHaveText('12');
  await expect(page.getByTestId('profile-chart').locator('path.balance')).toHaveAttribute('d', /^M0,/);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.getByTestId('profile-warehouse').selectOption({ label: 'MAIN' });
  await page.getByTestId('profile-period').selectOption('30');
  await expect(profile.locator('tbody tr')).toHaveCount(1);
  expect(requests.filter((u) => u.includes('/api/'))).toEqual([]);

  // the list finds it by text
  await page.goto('/stock?q=hodelykt');
  await expect(page.locator('table.data tbody')).toContainText('E2E-1');
  expect(errors).toEqual([]);
});

test('stocktaking: Enter moves on, implausible counts are flagged, posting asks first', async ({ page, request }) => {
  await request.post('/api/v1/session', { data: { email: 'demo@flyt.test', password: 'demo' } });
  for (const no of ['TELL-1', 'TELL-2']) {
    expect((await request.post('/api/v1/items', { data: { item_no: no, description: 'Telleskrue', unit: 'stk', vat_code: 'S25', active: 'true' } })).status()).toBe(201);
    expect((await request.post('/api/v1/stock/adjustments', { data: { item_no: no, warehouse: 'MAIN', qty: '10', reason: 'opening_balance' } })).status()).toBe(204);
  }
  await login(page);
  await page.goto('/stock/counts');
  await page.waitForLoadState('networkidle');
  const start = page.getByTestId('start-count');
  await start.locator('input[name=filter]').fill('TELL');
  await start.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/stock\/counts\/\d+$/);
  await page.waitForLoadState('networkidle');
  const row = page.getByTestId('count-sheet').locator('tbody tr').filter({ hasText: 'TELL-1' });
  const row2 = page.getByTestId('count-sheet').locator('tbody tr').filter({ hasText: 'TELL-2' });
  await row.locator('input[name=counted]').fill('8');
  await row.locator('input[name=counted]').press('Enter');
  await expect(row.locator('td').nth(5)).toHaveText('-2');
  // Enter saved the count and moved on to the next row's count
  await expect(row2.locator('input[name=counted]')).toBeFocused();
  await page.keyboard.type('200');
  await page.keyboard.press('Enter');
  await expect(row2).toHaveClass(/implausible/);
  // posting asks first, naming the implausible count; cancelled, nothing is posted
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
  await page.getByTestId('post-count').click();
  await expect.poll(() => asked).toContain('TELL-2');
  await expect(page.getByTestId('count-sheet').locator('input[name=counted]')).toHaveCount(2);
  // corrected and confirmed: posted
  await row2.locator('input[name=counted]').fill('10');
  await row2.locator('input[name=counted]').press('Enter');
  await expect(row2).not.toHaveClass(/implausible/);
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('post-count').click();
  await expect(page.getByTestId('count-sheet').locator('input')).toHaveCount(0);
  await page.goto('/stock/items/TELL-1');
  const main = page.getByTestId('figures').locator('tbody tr').filter({ hasText: 'MAIN' });
  await expect(main.locator('td').nth(2)).toHaveText('8');
});
