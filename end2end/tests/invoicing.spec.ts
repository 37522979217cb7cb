import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import { login, watchConsole } from './helpers';
import type { APIRequestContext } from '@playwright/test';

/** A Nets OCR giro file paying these (øre, KID) amounts, as the bank sends it. */
function ocrFile(payments: [number, string][], ddmmyy: string): string {
  const z = (v: string | number, n: number) => String(v).padStart(n, '0');
  const r = [`NY000010000080800000001${z('12345678', 8)}${'0'.repeat(49)}`, `NY090020${z(1, 9)}${z(1, 7)}${z('12345678903', 11)}${'0'.repeat(45)}`];
  let sum = 0;
  payments.forEach(([amount, kid], i) => {
    sum += amount;
    r.push(`NY091030${z(i + 1, 7)}${ddmmyy}01011${z(i + 1, 5)}0${z(amount, 17)}${kid.padStart(25, ' ')}000000`);
    r.push(`NY091031${z(i + 1, 7)}${z(0, 10)}${z('123456789', 9)}${'0'.repeat(7)}${ddmmyy}${z('98765432109', 11)}${'0'.repeat(22)}`);
  });
  const n = payments.length;
  r.push(`NY090088${z(n, 8)}${z(2 * n + 2, 8)}${z(sum, 17)}${ddmmyy}${ddmmyy}${ddmmyy}${'0'.repeat(21)}`);
  r.push(`NY000089${z(n, 8)}${z(2 * n + 4, 8)}${z(sum, 17)}${ddmmyy}${'0'.repeat(33)}`);
  r.forEach((rec) => expect(rec.length).toBe(80));
  return r.join('\n') + '\n';
}

async function apiLogin(request: APIRequestContext) {
  expect((await request.post('/api/v1/session', { data: { email: 'demo@flyt.test', password: 'demo' } })).status()).toBe(200);
}

async function customer(request: APIRequestContext, name: string, extra: object = {}) {
  // no org number: the parties spec counts on its numbers being unused; EHF then
  // addresses the customer by its invoice e-mail
  const r = await request.post('/api/v1/customers', { data: { name, invoice_email: 'faktura@' + name.split(' ')[0].toLowerCase() + '.test', payment_terms: 'NET14', confirm_duplicate: true, ...extra } });
  expect(r.status()).toBe(201);
  return (await r.json()).customer_no as string;
}

test('deliver → invoice → PDF and EHF → a bank file pays it → it leaves the open items', async ({ page, request }) => {
  const errors = watchConsole(page);
  await apiLogin(request);
  expect((await request.post('/api/v1/items', { data: { item_no: 'FAKT-1', description: 'Fortøyningstau 12 mm', unit: 'stk', sales_price: '250', vat_code: 'S25', active: 'true' } })).status()).toBe(201);
  expect((await request.post('/api/v1/stock/adjustments', { data: { item_no: 'FAKT-1', warehouse: 'MAIN', qty: '10', reason: 'opening_balance' } })).status()).toBe(204);
  const name = 'Fakturaflyt Testkunde AS';
  const customerNo = await customer(request, name);
  const order = await request.post('/api/v1/orders', { data: { customer_no: customerNo, confirm: true, lines: [{ item_no: 'FAKT-1', qty: '3' }] } });
  expect(order.status()).toBe(201);
  const orderNo = (await order.json()).number as string;
  expect((await request.post(`/api/v1/orders/${orderNo}/deliveries`, { data: { lines: [{ line_no: 1, qty: '2' }] } })).status()).toBe(201);

  // the invoice basis shows what is delivered and not invoiced: invoice it
  await login(page);
  await page.goto('/receivables/new');
  await page.waitForLoadState('networkidle');
  const group = page.getByTestId('basis-group').filter({ hasText: name });
  await expect(group.getByTestId('basis-line')).toHaveCount(1);
  await expect(group.getByTestId('basis-qty')).toHaveValue('2');
  await group.getByTestId('post-invoice').click();
  await expect(page).toHaveURL(/\/receivables\/invoices\/\d+$/);
  const invoiceNo = page.url().split('/').pop() as string;
  await expect(page.getByTestId('invoice-status')).toHaveClass(/\bopen\b/);
  const inv = await (await request.get(`/api/v1/invoices/${invoiceNo}`)).json();
  expect(inv.totals.gross).toBe('625.00');
  await expect(page.getByTestId('invoice-kid')).toHaveText(inv.kid);

  // PDF and EHF download
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('invoice-pdf').click()]);
  expect(fs.readFileSync(await pdf.path()).subarray(0, 4).toString()).toBe('%PDF');
  const [ehf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('invoice-ehf').click()]);
  const xml = fs.readFileSync(await ehf.path()).toString();
  expect(xml).toContain('<cbc:PaymentID>' + inv.kid + '</cbc:PaymentID>');
  expect(xml).toContain('<cbc:PayableAmount currencyID="NOK">625.00</cbc:PayableAmount>');

  // open items: there, in blue (open), filtered in the browser by customer
  await page.goto('/receivables/open');
  await page.waitForLoadState('networkidle');
  await page.getByTestId('open-customer').fill('Fakturaflyt');
  const row = page.getByTestId('open-item').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveClass(/\bopen\b/);

  // a bank file pays it by KID
  await page.goto('/receivables/bank');
  await page.waitForLoadState('networkidle');
  await page.getByTestId('bank-file').setInputFiles({ name: 'ocr-betalinger.txt', mimeType: 'text/plain', buffer: Buffer.from(ocrFile([[62500, inv.kid]], '011226')) });
  await page.getByTestId('bank-upload').locator('button[type=submit]').click();
  await expect(page.getByTestId('bank-result')).toContainText('1');
  await expect(page.getByTestId('bank-result')).toContainText('ocr-betalinger.txt');
  await page.goto('/receivables/open');
  await page.waitForLoadState('networkidle');
  await page.getByTestId('open-customer').fill('Fakturaflyt');
  await expect(page.getByTestId('open-item').filter({ hasText: name })).toHaveCount(0);
  await page.goto(`/receivables/invoices/${invoiceNo}`);
  await expect(page.getByTestId('invoice-status')).toHaveClass(/\bsettled\b/);
  expect(errors).toEqual([]);
});

test('a reminder run picks only the right invoices', async ({ page, request }) => {
  const errors = watchConsole(page);
  await apiLogin(request);
  expect((await request.post('/api/v1/items', { data: { item_no: 'PURR-1', description: 'Konsulenttime', unit: 'stk', sales_price: '1000', vat_code: 'S25', kind: 'service', active: 'true' } })).status()).toBe(201);
  const late = await customer(request, 'Sen Betaler AS', { invoice_email: 'regnskap@sen.test' });
  const quiet = await customer(request, 'Aldri Purr AS', { no_reminders: 'on' });
  const old = new Date(Date.now() - 40 * 86400000).toISOString().slice(0, 10);
  const numbers: string[] = [];
  for (const c of [late, quiet, late]) {
    const r = await request.post('/api/v1/invoices', { data: { customer_no: c, invoice_date: old, lines: [{ item_no: 'PURR-1', qty: '1' }] } });
    expect(r.status()).toBe(201);
    numbers.push((await r.json()).number);
  }
  const [due, noReminders, disputed] = numbers;
  expect((await request.post(`/api/v1/invoices/${disputed}/dispute`, { data: { disputed: true } })).status()).toBe(200);

  await login(page);
  await page.goto('/receivables/reminders');
  await page.waitForLoadState('networkidle');
  await page.getByTestId('reminder-preview').click();
  const rows = page.getByTestId('reminder');
  await expect(page.getByTestId('reminder-state')).toBeVisible();
  await expect(rows.filter({ hasText: 'Sen Betaler AS' })).toHaveCount(1);
  await expect(page.locator(`[data-testid=reminder][data-invoice="${due}"]`)).toHaveCount(1);
  await expect(page.locator(`[data-testid=reminder][data-invoice="${noReminders}"]`)).toHaveCount(0);
  await expect(page.locator(`[data-testid=reminder][data-invoice="${disputed}"]`)).toHaveCount(0);
  await page.getByTestId('reminder-send').click();
  await expect(page.getByTestId('reminder-state')).toHaveText(/Reminders made|Purringer laget|Påminnelser skapade/);
  await expect(page.locator(`[data-testid=reminder][data-invoice="${due}"]`)).toContainText(/E-mail|E-post/);
  // logged on the invoice; a second run today sends nothing more for it
  await page.goto(`/receivables/invoices/${due}`);
  await expect(page.getByTestId('reminders').getByTestId('reminder')).toHaveCount(1);
  await page.goto('/receivables/reminders');
  await page.waitForLoadState('networkidle');
  await page.getByTestId('reminder-preview').click();
  await expect(page.getByTestId('reminder-state')).toBeVisible();
  await expect(page.locator(`[data-testid=reminder][data-invoice="${due}"]`)).toHaveCount(0);
  expect(errors).toEqual([]);
});
