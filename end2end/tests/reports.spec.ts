import { test, expect, Download, Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hydrated, login } from './helpers';

/** A downloaded workbook's shared strings and first sheet, as XML text (read by Python's zipfile). */
async function readXlsx(download: Download): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'flyt-report-'));
  try {
    const file = join(dir, 'report.xlsx');
    await download.saveAs(file);
    const read = spawnSync('python3', ['-c',
      'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.read("xl/sharedStrings.xml").decode()); print(z.read("xl/worksheets/sheet1.xml").decode())', file],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(read.status, `${read.error ?? ''} ${read.stderr}`).toBe(0);
    return read.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A customer of the test's own (with `extra` fields) and an invoice for it of 3 × 123.40 of a service item, dated `date` (default today): the customer number and the invoice. */
async function customerWithInvoice(page: Page, name: string, item: string, extra: Record<string, string> = {}, date?: string): Promise<{ customer: string; invoice: any }> {
  const made = await page.request.post('/api/v1/customers', { data: { name: `${name} ${Date.now()}`, confirm_duplicate: true, ...extra } });
  expect(made.status()).toBe(201);
  const customer = (await made.json()).customer_no;
  const created = await page.request.post('/api/v1/items', { data: { item_no: item, description: `Tjeneste ${item}`, unit: 'stk', sales_price: '100', vat_code: 'S25', kind: 'service', active: 'true' } });
  expect([201, 409]).toContain(created.status());
  const inv = await page.request.post('/api/v1/invoices', { data: { customer_no: customer, ...(date ? { invoice_date: date } : {}), lines: [{ item_no: item, qty: '3', unit_price: '123.40' }] } });
  expect(inv.status()).toBe(201);
  return { customer, invoice: await inv.json() };
}

// Reports → the sales report: an invoice made for the test shows in the report by
// customer and by item, a filter narrows it, a row drills down to its invoice lines,
// and the XLSX download holds the same rows (read back from the file).
test('the sales report filters, drills down and downloads as XLSX', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  // a customer of its own and an invoice for it this month (the demo has others)
  const item = 'RAPPORT-1';
  const { customer } = await customerWithInvoice(page, 'Rapport Kunde', item);

  await page.goto('/reports');
  await hydrated(page);
  await expect(page.getByTestId('report-table')).toBeVisible();
  await expect(page.getByTestId('report-chart').locator('svg rect').first()).toBeVisible();
  const row = page.getByTestId('report-row').filter({ hasText: customer });
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').nth(1)).toContainText('370');

  // filtered to the customer, by item: one row, the invoice's amount
  await page.getByTestId('report-filters').locator('input[name="customer"]').fill(customer);
  await page.getByTestId('report-by').selectOption('item');
  await page.getByTestId('report-show').click();
  await expect(page).toHaveURL(/by=item/);
  await expect(page.getByTestId('report-row')).toHaveCount(1);
  await expect(page.getByTestId('report-total')).toContainText('370');

  // drill down: the invoice line behind the row
  await page.getByTestId('report-drill').first().click();
  await expect(page.getByTestId('report-line')).toHaveCount(1);
  await expect(page.getByTestId('report-line').first()).toContainText(customer);

  // the XLSX of what is shown, read back
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^sales-by-item-\d{4}-\d{2}-\d{4}-\d{2}\.xlsx$/);
  const book = await readXlsx(download);
  expect(book).toContain(item);
  expect(book).toContain('<v>370.2</v>');
});

// Reports → profitability: a service item with a purchase price invoiced for a customer
// of the test's own shows its net, cost, margin and margin % by item; the drill-down
// names where the cost came from; the XLSX holds the margin; the PDF prints it.
test('the profitability report sets cost against net, drills down and downloads', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const item = 'LONNSOM-1';
  const made = await page.request.post('/api/v1/items', { data: { item_no: item, description: `Tjeneste ${item}`, unit: 'stk', sales_price: '100', purchase_price: '40', vat_code: 'S25', kind: 'service', active: 'true' } });
  expect([201, 409]).toContain(made.status());
  const { customer } = await customerWithInvoice(page, 'Lonnsom Kunde', item);

  await page.goto('/reports');
  await hydrated(page);
  await page.locator('nav.subnav a[href="/reports/profit"]').click();
  await expect(page).toHaveURL(/\/reports\/profit$/);
  await expect(page.getByTestId('report-table')).toBeVisible();
  await page.getByTestId('report-filters').locator('input[name="customer"]').fill(customer);
  await page.getByTestId('report-by').selectOption('item');
  await page.getByTestId('report-show').click();
  await expect(page).toHaveURL(/\/reports\/profit\?.*by=item/);
  const row = page.getByTestId('report-row');
  await expect(row).toHaveCount(1);
  // net 3 × 123.40, cost 3 × 40, margin 250.20 = 67.6 %
  const cells = row.locator('td');
  await expect(cells.nth(1)).toContainText('370');
  await expect(cells.nth(2)).toContainText('120');
  await expect(cells.nth(3)).toContainText('250');
  await expect(cells.nth(4)).toContainText(/67[.,]6/);
  await expect(page.getByTestId('report-total-margin')).toContainText('250');
  await expect(page.getByTestId('report-chart').locator('svg rect').first()).toBeVisible();

  await page.getByTestId('report-drill').first().click();
  await expect(page).toHaveURL(/\/reports\/profit\?.*key=/);
  const line = page.getByTestId('report-line');
  await expect(line).toHaveCount(1);
  await expect(line.locator('td').nth(7)).toContainText('120');
  await expect(line.locator('td').nth(9)).not.toBeEmpty();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^profit-by-item-\d{4}-\d{2}-\d{4}-\d{2}\.xlsx$/);
  const book = await readXlsx(download);
  expect(book).toContain(item);
  expect(book).toContain('<v>250.2</v>');

  // the printable PDF of the same report
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
  expect(pdf.suggestedFilename()).toMatch(/^profit-by-item-\d{4}-\d{2}-\d{4}-\d{2}\.pdf$/);
  const bytes = readFileSync(await pdf.path());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
});

// Reports → receivables ageing: an invoice 70 days old for a customer of the test's own
// lands in the column of its days overdue with its DSO, the customer's row opens their
// open items, and the XLSX holds the row; as of the day before the invoice the
// customer owes nothing; the sales report by county puts the
// customer's postcode (Oslo) in its county and drills down to the invoice line.
test('the ageing report buckets, drills down and downloads; sales by county', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const date = new Date(Date.now() - 70 * 864e5).toISOString().slice(0, 10);
  const { customer, invoice } = await customerWithInvoice(page, 'Aldring Kunde', 'RAPPORT-2', { postcode: '0150', country: 'NO' }, date);
  // the bucket of its days overdue (the customer's terms set the due date): not due, 1–30, 31–60, 61–90, over 90
  const overdue = Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse(invoice.due_date)) / 864e5);
  const bucket = overdue <= 0 ? 1 : overdue <= 30 ? 2 : overdue <= 60 ? 3 : overdue <= 90 ? 4 : 5;

  await page.goto('/reports/receivables');
  await hydrated(page);
  await expect(page.getByTestId('report-chart').locator('svg rect').first()).toBeVisible();
  const row = page.getByTestId('report-row').filter({ hasText: customer });
  await expect(row).toHaveCount(1);
  // 370.20 + 25 % VAT in its bucket and no other
  await expect(row.locator('td').nth(bucket)).toContainText('462');
  for (const other of [1, 2, 3, 4, 5].filter((b) => b !== bucket)) {
    await expect(row.locator('td').nth(other)).not.toContainText('462');
  }
  await expect(row.locator('td').last()).toHaveText('90');

  // the customer's open items
  await row.getByTestId('report-drill').click();
  await expect(page).toHaveURL(new RegExp(`customer=${customer}`));
  await expect(page.getByTestId('report-row')).toHaveCount(1);
  await expect(page.getByTestId('report-lines').getByTestId('open-item')).toHaveCount(1);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^receivables-ageing-[A-Z]{3}-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = await readXlsx(download);
  expect(book).toContain(customer);
  expect(book).toContain('<v>462.75</v>');

  // as of the day before the invoice: nothing of it was open then
  const before = new Date(Date.parse(date) - 864e5).toISOString().slice(0, 10);
  await page.getByTestId('report-filters').locator('input[name="as_of"]').fill(before);
  await page.getByTestId('report-show').click();
  await expect(page).toHaveURL(new RegExp(`as_of=${before}`));
  await expect(page.getByTestId('report-as-of')).toContainText(before);
  await expect(page.getByTestId('report-row').filter({ hasText: customer })).toHaveCount(0);

  // sales by county: Oslo holds the customer's invoice line
  await page.goto(`/reports?by=region&from=${date.slice(0, 7)}&to=${date.slice(0, 7)}`);
  await hydrated(page);
  await expect(page.getByTestId('report-row').filter({ hasText: 'NO-03 Oslo' })).toHaveCount(1);
  await page.goto(`/reports?by=region&customer=${customer}&from=${date.slice(0, 7)}&to=${date.slice(0, 7)}`);
  await hydrated(page);
  await expect(page.getByTestId('report-row')).toHaveCount(1);
  await page.getByTestId('report-drill').click();
  await expect(page.getByTestId('report-line').filter({ hasText: customer })).toHaveCount(1);
});

// Reports → quotes and orders: a quote of the test's own customer ordered in part is
// won (conversion 100 %), its line shows quoted 4 against ordered 1, and the XLSX holds
// the customer's row.
test('the quotes report counts a won quote and shows the changed line', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const made = await page.request.post('/api/v1/customers', { data: { name: `Tilbud Kunde ${Date.now()}`, confirm_duplicate: true } });
  expect(made.status()).toBe(201);
  const customer = (await made.json()).customer_no;
  const item = 'RAPPORT-3';
  const created = await page.request.post('/api/v1/items', { data: { item_no: item, description: 'Tilbudstjeneste', unit: 'stk', sales_price: '250', vat_code: 'S25', kind: 'service', active: 'true' } });
  expect([201, 409]).toContain(created.status());
  const quote = await page.request.post('/api/v1/quotes', { data: { customer_no: customer, lines: [{ item_no: item, qty: '4' }] } });
  expect(quote.status()).toBe(201);
  const qno = (await quote.json()).number;
  const order = await page.request.post(`/api/v1/quotes/${qno}/order`, { data: { lines: [{ line_no: 1, qty: '1' }], confirm: true } });
  expect(order.status()).toBe(201);

  await page.goto(`/reports/quotes?by=customer&customer=${customer}`);
  await hydrated(page);
  const row = page.getByTestId('report-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(customer);
  // quotes, won, lost, open, conversion
  await expect(row.locator('td').nth(1)).toHaveText('1');
  await expect(row.locator('td').nth(2)).toHaveText('1');
  await expect(row.locator('td').nth(5)).toContainText('100');
  const line = page.getByTestId('report-line');
  await expect(line).toHaveCount(1);
  await expect(line).toContainText(qno);
  await expect(line).toContainText(item);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^quotes-by-customer-\d{4}-\d{2}-\d{4}-\d{2}\.xlsx$/);
  expect(await readXlsx(download)).toContain(customer);
});

// Reports → budget versus actual: a budget typed on screen for the test's own customer
// this month stands beside the month's invoice with the variance; a CSV import replaces
// it, and a wrong line is named with nothing written.
test('the budget report: typed and imported budgets against the invoiced', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const { customer, invoice } = await customerWithInvoice(page, 'Budsjett Kunde', 'RAPPORT-1');
  const month = invoice.invoice_date.slice(0, 7);
  const m = Number(month.slice(5, 7));

  await page.goto(`/reports/budget?by=customer&from=${month}&to=${month}`);
  await hydrated(page);
  const form = page.getByTestId('budget-form');
  await form.locator('select[name="input[by]"]').selectOption('customer');
  await page.getByTestId('budget-key').fill(customer);
  await form.locator('input[name="input[year]"]').fill(month.slice(0, 4));
  await page.getByTestId(`budget-m${m}`).fill('500');
  await page.getByTestId('budget-save').click();
  const row = page.getByTestId('report-row').filter({ hasText: customer });
  // budget, actual, variance
  await expect(row.locator('td').nth(1)).toContainText('500');
  await expect(row.locator('td').nth(2)).toContainText('370');
  await expect(row.locator('td').nth(3)).toContainText('129');

  // a wrong line: named, nothing written; then the right file replaces the budget
  await page.getByTestId('csv-text').fill(`by;key;month;amount\ncustomer;${customer};${month};1000\ncustomer;${customer};${month.slice(0, 4)}-13;5\n`);
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('import-errors')).toContainText('-13');
  await page.getByTestId('csv-text').fill(`by;key;month;amount\ncustomer;${customer};${month};1000\n`);
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('import-summary')).toContainText('1');
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('report-row').filter({ hasText: customer }).locator('td').nth(1)).toContainText('1');
  await expect(page.getByTestId('report-row').filter({ hasText: customer }).locator('td').nth(3)).toContainText('629');
});

// Reports → stock turnover: a stock item found today and never sold is a slow mover
// with its value; the XLSX holds it.
test('the turnover report marks a slow mover', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const item = `TREG-${Date.now() % 100000}`;
  const created = await page.request.post('/api/v1/items', { data: { item_no: item, description: 'Trege varer', unit: 'stk', sales_price: '99', purchase_price: '7', vat_code: 'S25', active: 'true' } });
  expect(created.status()).toBe(201);
  const adjusted = await page.request.post('/api/v1/stock/adjustments', { data: { item_no: item, warehouse: 'MAIN', qty: '4', reason: 'found' } });
  expect(adjusted.status()).toBe(204);

  await page.goto('/reports/turnover');
  await hydrated(page);
  const row = page.getByTestId('report-row').filter({ hasText: item });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('slow-mover')).toBeVisible();
  await expect(row.locator('td').nth(3)).toContainText('28');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^stock-turnover-\d{4}-\d{2}-\d{4}-\d{2}\.xlsx$/);
  expect(await readXlsx(download)).toContain(item);
});
