import { test, expect } from '@playwright/test';
import { login, watchConsole } from './helpers';

const header = 'item_no;name;unit;price;vat;barcode;warehouse;quantity;unit_cost;bin\n';

test('CSV import of items: preview names bad rows, then all rows are imported', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page);
  await page.goto('/stock/import');
  await page.waitForLoadState('networkidle');
  // a file as Excel saves "CSV" on a Nordic Windows (Windows-1252) reads as well as UTF-8
  await page.getByTestId('csv-file').setInputFiles({
    name: 'latin1.csv', mimeType: 'text/csv',
    buffer: Buffer.from(header + 'IMP-9;Bl\xe5b\xe6r;stk;10;S25;;;;;\n', 'latin1'),
  });
  await expect(page.getByTestId('csv-text')).toHaveValue(/IMP-9;Blåbær;stk/);

  const bad = header + 'IMP-1;Importert hylle;stk;499,00;S25;;MAIN;8;200;C-02\nIMP-2;Feil mva;stk;10;S99;;;;;\n';
  await page.getByTestId('csv-text').fill(bad);
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('import-summary')).toHaveText(/^1 /);
  await expect(page.getByTestId('import-errors')).toContainText("Unknown VAT code 'S99'");
  await expect(page.getByTestId('import-errors').locator('tbody tr td').first()).toHaveText('3');

  const good = header + 'IMP-1;Importert hylle;stk;499,00;S25;;MAIN;8;200;C-02\nIMP-2;Importert krok;stk;10;S25;;MAIN;40;2,5;\n';
  await page.getByTestId('csv-text').fill(good);
  await page.getByTestId('csv-preview').click();
  await expect(page.getByTestId('import-summary')).toHaveText(/^2 \D/);
  await expect(page.getByTestId('import-summary')).not.toContainText(/importert|imported/);
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('import-summary')).toHaveText(/^2 (rader importert|rows imported)$/);

  await page.goto('/stock/items/IMP-1');
  const main = page.getByTestId('figures').locator('tbody tr').filter({ hasText: 'MAIN' });
  await expect(main.locator('td').nth(1)).toHaveText('C-02');
  await expect(main.locator('td').nth(2)).toHaveText('8');
  expect(errors).toEqual([]);
});

test('a large file is checked in parts with progress, bad lines named by their line in the file', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page);
  await page.goto('/stock/import');
  await page.waitForLoadState('networkidle');
  const rows = Array.from({ length: 5000 }, (_, i) => `BIG-${i + 1};Stor fil vare ${i + 1};stk;${10 + (i % 90)},50;S25;;MAIN;${1 + (i % 7)};4,25;`);
  rows[4498] = 'BIG-4499;Stor fil vare;stk;10;S25;;MAIN;mange;;';
  const upload = (text: string) => page.getByTestId('csv-file').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await upload(header + rows.join('\n') + '\n');
  await expect(page.getByTestId('csv-text')).toHaveValue(/BIG-5000/);
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await expect(page.getByTestId('import-errors').locator('tbody tr')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId('import-errors').locator('tbody tr td').first()).toHaveText('4500');
  await expect(page.getByTestId('import-summary')).toHaveText(/^1 /);

  rows[4498] = 'BIG-4499;Stor fil vare;stk;10;S25;;MAIN;3;;';
  await upload(header + rows.join('\n') + '\n');
  await expect(page.getByTestId('csv-text')).toHaveValue(/MAIN;3;;/);
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('import-summary')).toHaveText(/^5000 (rader importert|rows imported)$/, { timeout: 120_000 });
  await page.goto('/stock?q=BIG-4999');
  await expect(page.locator('table.data tbody')).toContainText('BIG-4999');
  expect(errors).toEqual([]);
});
