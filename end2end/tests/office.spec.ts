import { test, expect } from '@playwright/test';
import { login } from './helpers';
import type { Page } from '@playwright/test';

/** Opens a new quote or order for a customer and adds these items as lines. */
async function newDoc(page: Page, path: string, customerNo: string, items: string[]) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.getByTestId('customer-input').fill(customerNo);
  await page.getByTestId('customer-input').press('Tab');
  for (const [i, item] of items.entries()) {
    await page.getByTestId('line-code').fill(item);
    await page.getByTestId('line-code').press('Enter');
    // the line is priced by the server: wait for it before typing the next
    await expect(page.getByTestId('line')).toHaveCount(i + 1);
  }
}

/** A number as shown in any of the three languages: `1 250,50`, `NOK 1,250.50`, `-3`. */
function num(s: string): number {
  const t = s.replace(/[^0-9,.-]/g, '');
  const dec = t.lastIndexOf(',') > t.lastIndexOf('.') ? ',' : '.';
  return Number(t.split(dec === ',' ? '.' : ',').join('').replace(dec, '.'));
}

// Day-one rough edges of a Nordic office: shortcuts that work on a Mac keyboard and a
// list of them, every working list as CSV, the open items sorted and aged, and Home
// saying what needs doing.

test('Alt shortcuts go by the key, not the character; ? lists them', async ({ page }) => {
  await login(page);
  await page.waitForLoadState('networkidle');
  // Option+S on a Mac types ß: the key's code is still KeyS
  await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ß', code: 'KeyS', altKey: true, bubbles: true, cancelable: true })));
  await expect(page).toHaveURL(/\/sales$/);
  await page.keyboard.press('Alt+KeyL');
  await expect(page).toHaveURL(/\/stock$/);
  const list = page.getByTestId('shortcuts');
  await expect(list).toBeHidden();
  await page.locator('h1').click();
  await page.keyboard.press('Shift+Slash');
  await expect(list).toBeVisible();
  await expect(list).toContainText('Alt+S');
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  // typing ? in a field types it
  await page.locator('input[type=search]').first().fill('');
  await page.locator('input[type=search]').first().press('Shift+Slash');
  await expect(list).toBeHidden();
  await expect(page.locator('input[type=search]').first()).toHaveValue('?');
});

/** Two invoices to the first customer: one long overdue, one not yet due. */
async function invoices(page: Page) {
  const customers = await (await page.request.get('/api/v1/customers')).json();
  for (const date of ['2026-01-10', '']) {
    const r = await page.request.post('/api/v1/invoices', { data: { customer_no: customers.rows[0].customer_no, invoice_date: date, lines: [{ item_no: '1001', qty: '1' }] } });
    expect(r.status(), await r.text()).toBe(201);
  }
}

test('every working list exports CSV in the user language, decimal commas, Excel-ready', async ({ page }) => {
  await login(page);
  await invoices(page);
  // (path, columns, a data row's start): the headers are in the user's language
  const files: [string, number, RegExp][] = [
    ['/stock/items/export.csv', 13, /\r\n1001;/],
    ['/sales/orders/export.csv', 10, /\r\n\d+;\d{4}-\d\d-\d\d;/],
    ['/receivables/invoices/export.csv', 10, /\r\n(Invoice|Faktura|Credit note|Kreditnota|Kreditfaktura);\d+;/],
    ['/receivables/open/export.csv', 10, /\r\n(Invoice|Faktura);\d+;2026-01-10;/],
    ['/purchasing/report/export.csv?by_item=true', 5, /^\ufeff/],
  ];
  for (const [path, columns, row] of files) {
    const r = await page.request.get(path);
    expect(r.status(), path).toBe(200);
    expect(r.headers()['content-type']).toContain('text/csv');
    expect(r.headers()['content-disposition']).toContain('attachment');
    const text = (await r.body()).toString('utf8');
    expect(text.startsWith('\ufeff'), path).toBeTruthy();
    expect(text.split('\r\n')[0].split(';').length, `${path}: ${text.slice(0, 120)}`).toBe(columns);
    expect(text, path).toMatch(row);
    // amounts with a decimal comma, never a point
    expect(text.split('\r\n').slice(1).join('\n'), path).not.toMatch(/;-?\d+\.\d+;/);
  }
  // the page links to it
  await page.goto('/stock');
  await expect(page.getByTestId('export-csv')).toHaveAttribute('href', '/stock/items/export.csv');
  // logged out: refused
  const anon = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await anon.request.get('/stock/items/export.csv')).status()).toBe(401);
  await anon.close();
});

test('open items sort as numbers and age in buckets; overdue is red, open is blue', async ({ page }) => {
  await login(page);
  await invoices(page);
  await page.goto('/receivables/open');
  await page.waitForLoadState('networkidle');
  const rows = page.getByTestId('open-item');
  await expect(rows.first()).toBeVisible();
  await page.getByTestId('open-sort').selectOption('number');
  const numbers = (await page.locator('[data-testid=open-item] td:first-child').allInnerTexts()).map((n) => n.trim());
  const numeric = numbers.filter((n) => /^\d+$/.test(n)).map(Number);
  expect(numeric.length).toBeGreaterThan(1);
  expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
  // the ageing view adds up to what is open
  const ageing = page.getByTestId('ageing');
  await expect(ageing).toBeVisible();
  const cells = await ageing.locator('tbody tr').first().locator('td.num').allInnerTexts();
  expect(cells.length).toBe(5);
  const aged = cells.map(num).reduce((a, b) => a + b, 0);
  const total = num((await page.getByTestId('open-total').innerText()).split('·')[0]);
  expect(Math.abs(aged - total)).toBeLessThan(0.005);
  // the invoice from January is over 90 days overdue: its amount is in the last bucket
  expect(num(cells[4])).toBeGreaterThan(0);
  // colours: an overdue row is red, an open (not due) one blue
  await expect(page.locator('tr.item.overdue td').first()).toHaveCSS('color', 'rgb(179, 38, 30)');
  await expect(page.locator('tr.item.open td').first()).toHaveCSS('color', 'rgb(29, 79, 145)');
});

test('Home lists what needs doing, each leading to its list', async ({ page }) => {
  await login(page);
  const todo = page.getByTestId('todo');
  await expect(todo).toBeVisible();
  await expect(todo.locator('li').first()).toBeVisible();
  const deliver = page.getByTestId('todo-deliver');
  await expect(deliver).toContainText(/orders ready to deliver|ordrer klare til levering|order klara att leverera/);
  await deliver.locator('a').click();
  await expect(page).toHaveURL(/\/sales\?status=open$/);
});

test('the order editor finds the customer by name, number or organisation number as you type', async ({ page }) => {
  await login(page);
  const customers = await (await page.request.get('/api/v1/customers')).json();
  const c = customers.rows.find((r: { org_no: string }) => r.org_no) ?? customers.rows[0];
  await page.goto('/sales/orders/new');
  await page.waitForLoadState('networkidle');
  const input = page.getByTestId('customer-input');
  // by name: the picker offers it, with its number as the value
  await input.pressSequentially(c.name.slice(0, 6), { delay: 30 });
  await expect(page.locator('#customer-matches option[value="' + c.customer_no + '"]')).toHaveCount(1);
  // by organisation number: the one match is taken when the field is left
  await input.fill('');
  await input.pressSequentially(c.org_no, { delay: 30 });
  await expect(page.locator('#customer-matches option')).toHaveCount(1);
  await input.press('Tab');
  await expect(input).toHaveValue(c.customer_no);
  await expect(page.getByTestId('customer-name')).toHaveText(c.name);
});

test('leaving an edited, unsaved document asks first', async ({ page }) => {
  await login(page);
  const customers = await (await page.request.get('/api/v1/customers')).json();
  await newDoc(page, '/sales/quotes/new', customers.rows[0].customer_no, ['1001']);
  // a link away: asked; staying keeps the edits
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
  await page.locator('nav.main-nav a[href="/stock"]').click();
  await expect.poll(() => asked).toMatch(/not saved|ikke er lagret|inte sparade/);
  await expect(page).toHaveURL(/\/sales\/quotes\/new$/);
  await expect(page.getByTestId('line')).toHaveCount(1);
  // leaving anyway
  page.once('dialog', (d) => void d.accept());
  await page.locator('nav.main-nav a[href="/stock"]').click();
  await expect(page).toHaveURL(/\/stock$/);
  // a saved document leaves without a question
  await newDoc(page, '/sales/quotes/new', customers.rows[0].customer_no, ['1001']);
  await page.getByTestId('save-doc').click();
  await expect(page).toHaveURL(/\/sales\/quotes\/\d+$/);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; void d.accept(); });
  await page.locator('nav.main-nav a[href="/stock"]').click();
  await expect(page).toHaveURL(/\/stock$/);
  expect(dialogs).toBe(0);
});

test('the item list shows on hand and free, as the item page has them', async ({ page }) => {
  await login(page);
  await page.goto('/stock?q=1001');
  const row = page.getByTestId('item-row').filter({ hasText: '1001' }).first();
  const onHand = num(await row.getByTestId('item-on-hand').innerText());
  const free = num(await row.getByTestId('item-free').innerText());
  expect(Number.isFinite(onHand) && Number.isFinite(free)).toBeTruthy();
  expect(free).toBeLessThanOrEqual(onHand);
  await page.goto('/stock/items/1001');
  const cells = page.getByTestId('figures').locator('tbody tr');
  let physical = 0;
  for (const r of await cells.all()) physical += num(await r.locator('td').nth(2).innerText());
  expect(physical).toBe(onHand);
});

test.describe('on a 1366 px screen', () => {
  test.use({ viewport: { width: 1366, height: 768 } });
  test('the order line table fits without scrolling sideways', async ({ page }) => {
    await login(page);
    const customers = await (await page.request.get('/api/v1/customers')).json();
    await newDoc(page, '/sales/orders/new', customers.rows[0].customer_no, ['1001', '1002']);
    const fits = await page.evaluate(() => {
      const t = document.querySelector('[data-testid=line-editor]') as HTMLElement;
      return { page: document.documentElement.scrollWidth, table: t.scrollWidth, box: t.clientWidth, right: t.getBoundingClientRect().right };
    });
    expect(fits.page).toBeLessThanOrEqual(1366);
    expect(fits.table).toBeLessThanOrEqual(fits.box + 1);
    expect(fits.right).toBeLessThanOrEqual(1366);
    // every input of a line is wide enough to read a price
    const priceWidth = await page.getByTestId('line').first().locator('input[inputmode=decimal]').nth(1).evaluate((e) => e.getBoundingClientRect().width);
    expect(priceWidth).toBeGreaterThan(60);
    page.on('dialog', (d) => void d.accept());
  });
});
