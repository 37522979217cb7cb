import { test, expect } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { hydrated, login, watchConsole } from './helpers';

/** A number as shown in any of the three languages: `1 250,50`, `NOK 1,250.50`, `-3`. */
function num(s: string): number {
  const t = s.replace(/[^0-9,.-]/g, '');
  const dec = t.lastIndexOf(',') > t.lastIndexOf('.') ? ',' : '.';
  return Number(t.split(dec === ',' ? '.' : ',').join('').replace(dec, '.'));
}

// The accountant's view: an invoice posted on screen appears as a balanced voucher in
// the journal, linked back to the invoice; the trial balance balances; a new account
// needs an official SAF-T grouping.

test('an invoice posted on screen is a voucher in the journal, linked to the invoice', async ({ page, request }) => {
  const errors = watchConsole(page);
  expect((await request.post('/api/v1/session', { data: { email: 'demo@flyt.test', password: 'demo' } })).status()).toBe(200);
  const item = { item_no: 'REGN-1', description: 'Regnskapstime', unit: 'stk', sales_price: '850', vat_code: 'S25', kind: 'service', active: 'true' };
  expect((await request.post('/api/v1/items', { data: item })).status()).toBe(201);
  const c = await request.post('/api/v1/customers', { data: { name: 'Bilagsflyt Testkunde AS', payment_terms: 'NET14', confirm_duplicate: true } });
  expect(c.status()).toBe(201);
  const r = await request.post('/api/v1/invoices', { data: { customer_no: (await c.json()).customer_no, lines: [{ item_no: 'REGN-1', qty: '2' }] } });
  expect(r.status()).toBe(201);
  const inv = await r.json();
  await login(page);

  await page.goto('/accounting');
  const voucher = page.locator(`[data-testid=voucher]`, { hasText: inv.number });
  await expect(voucher.first()).toBeVisible();
  // its lines balance and the receivable is the invoice's total
  const rows = voucher.first().locator('tbody tr');
  let debit = 0, credit = 0;
  for (const row of await rows.all()) {
    const cells = row.locator('td');
    debit += num((await cells.nth(5).textContent()) || '0');
    credit += num((await cells.nth(6).textContent()) || '0');
  }
  expect(debit).toBeCloseTo(credit, 2);
  expect(debit).toBeCloseTo(Number(inv.totals.gross), 2);
  // the trial balance balances
  const totalDebit = num((await page.getByTestId('trial-debit').textContent()) || '');
  const totalCredit = num((await page.getByTestId('trial-credit').textContent()) || '');
  expect(totalDebit).toBeCloseTo(totalCredit, 2);
  // drill down to the invoice and back
  await voucher.first().getByRole('link', { name: new RegExp(inv.number) }).click();
  await expect(page).toHaveURL(new RegExp(`/receivables/invoices/${inv.number}$`));
  await page.goBack();
  await expect(page.getByTestId('trial-balance')).toBeVisible();
  expect(errors).toEqual([]);
});

test('Setup → Accounting: a new account needs an official SAF-T grouping', async ({ page }) => {
  await login(page);
  await page.goto('/setup/accounting');
  await hydrated(page);
  const form = page.getByTestId('account-form');
  await form.locator('input[name=number]').fill('3010');
  await form.locator('input[name=name]').fill('Salg av tjenester');
  await form.locator('input[name=grouping_category]').fill('salgsinntekt');
  await form.locator('input[name=grouping_code]').fill('9999');
  await form.getByRole('button').click();
  await expect(page.getByRole('alert')).toContainText('9999');
  await form.locator('input[name=grouping_code]').fill('3000');
  await form.getByRole('button').click();
  await expect(page.locator('[data-testid=account][data-account="3010"]')).toBeVisible();
  // and the sales of a VAT code can post to it
  const map = page.getByTestId('map-form');
  await map.locator('select[name=key]').selectOption('sales:S15');
  await map.locator('input[name=account]').fill('3010');
  await map.getByRole('button').click();
  await expect(page.locator('[data-testid=map-entry][data-key="sales:S15"]')).toContainText('3010');
  // opening balances pasted from a spreadsheet: a file that does not add up is named and
  // posts nothing; one that does is one voucher
  const opening = page.getByTestId('opening-form');
  await opening.locator('input[name=date]').fill('2025-12-31');
  await opening.locator('textarea[name=csv]').fill('account;amount\n1920;100,00\n2050;-90,00\n');
  await opening.getByRole('button').click();
  await expect(page.getByTestId('import-errors')).toContainText('går ikke i null');
  await opening.locator('textarea[name=csv]').fill('account;amount\n1920;100,00\n2050;-100,00\n');
  await opening.getByRole('button').click();
  await expect(page.getByTestId('import-summary')).toContainText('2');
  await page.goto('/accounting?from=2025-12-31&to=2025-12-31');
  await expect(page.locator('[data-testid=voucher]').first()).toContainText('IB-2025-1');
  // a wrong opening balance is corrected by reversing it, once
  await hydrated(page);
  const reverse = page.getByTestId('reverse-form').first();
  await reverse.locator('input[name=date]').fill('2025-12-31');
  await reverse.getByRole('button').click();
  await expect(page.getByTestId('reversed-by').first()).toContainText('K-2025-1');
  await expect(page.locator('[data-testid=voucher][data-voucher="K-2025-1"]')).toContainText('1920');
});

// Perpetual inventory: turned on in Setup → Accounting, a stock adjustment is a
// voucher of series V on the inventory account, linked to the item.
test('perpetual inventory: a stock adjustment is a voucher linked to the item', async ({ page, request }) => {
  const errors = watchConsole(page);
  expect((await request.post('/api/v1/session', { data: { email: 'demo@flyt.test', password: 'demo' } })).status()).toBe(200);
  const item = { item_no: 'LAGER-V1', description: 'Lagervare', unit: 'stk', sales_price: '100', purchase_price: '40', vat_code: 'S25', active: 'true' };
  expect((await request.post('/api/v1/items', { data: item })).status()).toBe(201);
  await login(page);
  await page.goto('/setup/accounting');
  await hydrated(page);
  const form = page.getByTestId('perpetual-form');
  await form.getByTestId('perpetual-on').check();
  await form.getByRole('button').click();
  await expect.poll(async () => (await (await request.get('/api/v1/stock/perpetual-inventory')).json()).on).toBe(true);
  try {
    const adj = { item_no: 'LAGER-V1', warehouse: 'MAIN', qty: '3', reason: 'found' };
    expect((await request.post('/api/v1/stock/adjustments', { data: adj })).status()).toBe(204);
    await page.goto('/accounting');
    await hydrated(page);
    const voucher = page.locator('[data-testid=voucher]', { hasText: 'LAGER-V1' }).first();
    await expect(voucher).toContainText('1460');
    await expect(voucher).toContainText('120');
    await voucher.getByRole('link', { name: /LAGER-V1/ }).click();
    await expect(page).toHaveURL(/\/stock\/items\/LAGER-V1$/);
  } finally {
    // the demo company the other specs use keeps its books periodic
    expect((await request.put('/api/v1/stock/perpetual-inventory', { data: { on: false } })).status()).toBe(200);
  }
  expect(errors).toEqual([]);
});

// The accountant's files: the period's SAF-T validates against the official schema
// (when ../shared is beside the clone; CI has it) and the SIE 4I file starts as the
// spec says; an export that cannot be made comes back to the page with the reason.
test('the period is exported as SAF-T and SIE 4I from the accounting page', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page);
  await page.goto('/accounting?from=2026-01-01&to=2026-12-31');
  await hydrated(page);
  const [saft] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-saft').click()]);
  expect(saft.suggestedFilename()).toMatch(/^SAF-T Financial_\d{9}_\d{14}_1_1\.xml$/);
  const file = await saft.path();
  const xml = fs.readFileSync(file, 'utf8');
  expect(xml).toContain('<AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO">');
  const xsd = path.join(__dirname, '../../../shared/conformance/saf-t/Norwegian_SAF-T_Financial_Schema_v_1.30.xsd');
  if (fs.existsSync(xsd)) {
    execFileSync('xmllint', ['--noout', '--schema', xsd, file], { stdio: 'pipe' });
  } else {
    expect(process.env.CI, 'CI needs ../shared/conformance/saf-t beside the clone').toBeFalsy();
  }
  const [sie] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-sie').click()]);
  expect(sie.suggestedFilename()).toMatch(/\.SI$/);
  const bytes = fs.readFileSync(await sie.path());
  expect(bytes.subarray(0, 17).toString('latin1')).toBe('#FLAGGA 0\n#KSUMMA');
  // a period that ends before it starts: the reason, on the page
  await page.goto('/accounting?from=2026-12-31&to=2026-01-01');
  await hydrated(page);
  await page.getByTestId('export-saft').click();
  await expect(page).toHaveURL(/[?&]error=/);
  await expect(page.getByRole('alert').first()).toContainText('2026');
  expect(errors).toEqual([]);
});
