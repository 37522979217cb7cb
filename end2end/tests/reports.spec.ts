import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hydrated, login } from './helpers';

// Reports → the sales report: an invoice made for the test shows in the report by
// customer and by item, a filter narrows it, a row drills down to its invoice lines,
// and the XLSX download holds the same rows (read back from the file).
test('the sales report filters, drills down and downloads as XLSX', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  // a customer of its own and an invoice for it this month (the demo has others)
  const made = await page.request.post('/api/v1/customers', { data: { name: `Rapport Kunde ${Date.now()}`, confirm_duplicate: true } });
  expect(made.status()).toBe(201);
  const customer = (await made.json()).customer_no;
  const item = 'RAPPORT-1';
  const created = await page.request.post('/api/v1/items', { data: { item_no: item, description: 'Rapporttjeneste', unit: 'stk', sales_price: '100', vat_code: 'S25', kind: 'service', active: 'true' } });
  expect([201, 409]).toContain(created.status());
  const inv = await page.request.post('/api/v1/invoices', { data: { customer_no: customer, lines: [{ item_no: item, qty: '3', unit_price: '123.40' }] } });
  expect(inv.status()).toBe(201);

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
  const dir = mkdtempSync(join(tmpdir(), 'flyt-report-'));
  try {
    const file = join(dir, 'report.xlsx');
    await download.saveAs(file);
    const read = spawnSync('python3', ['-c',
      'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.read("xl/sharedStrings.xml").decode()); print(z.read("xl/worksheets/sheet1.xml").decode())', file],
      { encoding: 'utf8' });
    expect(read.status, read.stderr).toBe(0);
    expect(read.stdout).toContain(item);
    expect(read.stdout).toContain('<v>370.2</v>');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
