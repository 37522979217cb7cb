import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import { login, watchConsole } from './helpers';
import type { Page } from '@playwright/test';

/** Opens a new quote or order for the customer. */
async function newDoc(page: Page, path: string, customerNo: string) {
  await login(page);
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.locator('input[name=customer_no]').fill(customerNo);
  await page.locator('input[name=customer_no]').press('Tab');
}

/** Adds an item line from the keyboard (number, then Enter) and answers the editor's item lines. */
async function addLine(page: Page, itemNo: string) {
  const code = page.getByTestId('line-code');
  await code.fill(itemNo);
  await code.press('Enter');
  const line = page.getByTestId('line-editor').getByTestId('line');
  await expect(line).toHaveCount(1);
  return line;
}

test('quote → order of part of it → two deliveries, from the keyboard', async ({ page, request }) => {
  const errors = watchConsole(page);
  await request.post('/api/v1/session', { data: { email: 'demo@flyt.test', password: 'demo' } });
  expect((await request.post('/api/v1/items', { data: { item_no: 'SALG-1', description: 'Arbeidshanske str 9', unit: 'stk', sales_price: '120', vat_code: 'S25', active: 'true' } })).status()).toBe(201);
  expect((await request.post('/api/v1/stock/adjustments', { data: { item_no: 'SALG-1', warehouse: 'MAIN', qty: '10', reason: 'opening_balance' } })).status()).toBe(204);
  const cust = await request.post('/api/v1/customers', { data: { name: 'Salgsflyt Testkunde AS', confirm_duplicate: true } });
  expect(cust.status()).toBe(201);
  const customerNo = (await cust.json()).customer_no as string;

  await newDoc(page, '/sales/quotes/new', customerNo);
  const line = await addLine(page, 'SALG-1');
  await expect(page.getByTestId('total-net')).toHaveText(/120[.,]00/);
  // quantity edited in place: the totals follow in the browser, without a request
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await line.getByTestId('line-qty').fill('6');
  await line.getByTestId('line-qty').press('Tab');
  await expect(page.getByTestId('total-net')).toHaveText(/720[.,]00/);
  await expect(page.getByTestId('total-gross')).toHaveText(/900[.,]00/);
  expect(requests.filter((u) => u.includes('/api/'))).toEqual([]);
  await page.getByTestId('save-doc').click();
  await expect(page).toHaveURL(/\/sales\/quotes\/\d+$/);
  await expect(page.getByTestId('doc-status')).toHaveClass(/\bdraft\b/);
  const quoteNo = page.url().split('/').pop() as string;

  // e-mail the quote through the test SMTP server started by test.sh
  const smtpPort = process.env.FLYT_E2E_SMTP_PORT;
  const mailbox = process.env.FLYT_E2E_MAILBOX;
  if (process.env.CI) expect(smtpPort, 'test.sh starts a test SMTP server').toBeTruthy();
  if (smtpPort && mailbox) {
    const saved = await request.post('/api/outbox/smtp/save', { form: { host: '127.0.0.1', port: smtpPort, security: 'none', user: '', password: '', from: 'salg@flyt.test' } });
    expect(saved.status()).toBe(200);
    await page.waitForLoadState('networkidle');
    const mail = page.getByTestId('mail-form');
    await mail.locator('input[name=to]').fill('innkjop@salgsflyt.test');
    await mail.locator('input[name=subject]').fill(`Tilbud ${quoteNo} til Salgsflyt`);
    await page.getByTestId('send-quote').click();
    await expect(page.getByTestId('outbox').locator('tbody tr').first().locator('td.status')).toHaveClass(/\bsent\b/);
    await expect(page.getByTestId('doc-status')).toHaveClass(/\bsent\b/);
    // aiosmtpd's Mailbox handler writes a Maildir: one file per message under new/
    const mbox = fs.readdirSync(`${mailbox}/new`).map((f) => fs.readFileSync(`${mailbox}/new/${f}`, 'utf8')).join('\n');
    expect(mbox).toContain(`Tilbud ${quoteNo} til Salgsflyt`);
    expect(mbox).toContain(`quote-${quoteNo}.pdf`);
  }

  // the customer orders 5 of the 6
  await page.waitForLoadState('networkidle');
  await page.getByTestId('copy-qty').fill('5');
  await page.getByTestId('copy-to-order').click();
  await expect(page).toHaveURL(/\/sales\/orders\/\d+$/);
  await expect(page.getByTestId('doc-status')).toHaveClass(/\bopen\b/);
  const stock = async () => (await (await request.get('/api/v1/items/SALG-1/stock')).json()).find((w: any) => w.warehouse_code === 'MAIN');
  expect((await stock()).reserved).toBe('5');

  // first delivery: 2 of the proposed 5
  await page.waitForLoadState('networkidle');
  const qty = page.getByTestId('deliver-qty');
  await expect(qty).toHaveValue('5');
  await qty.fill('2');
  await page.getByTestId('post-delivery').click();
  await expect(page.getByTestId('doc-status')).toHaveClass(/\bpartly_delivered\b/);
  await expect(page.getByTestId('line-done')).toHaveText('2');
  expect(await stock()).toMatchObject({ physical: '8', reserved: '3' });

  // second delivery: the rest, as proposed
  await expect(page.getByTestId('deliver-qty')).toHaveValue('3');
  await page.getByTestId('post-delivery').click();
  await expect(page.getByTestId('doc-status')).toHaveClass(/\bdelivered\b/);
  expect(await stock()).toMatchObject({ physical: '5', reserved: '0' });

  // the packing slips of the two deliveries download as PDF
  await expect(page.getByTestId('packing-slip')).toHaveCount(2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('packing-slip').first().click()]);
  expect(download.suggestedFilename()).toMatch(/^packing-slip-\d+\.pdf$/);
  const pdf = fs.readFileSync(await download.path());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(errors).toEqual([]);
});

test('an order entered with its head (contact, terms, project, requested date) and confirmed: the confirmation is e-mailed', async ({ page, request }) => {
  const errors = watchConsole(page);
  await request.post('/api/v1/session', { data: { email: 'demo@flyt.test', password: 'demo' } });
  expect((await request.post('/api/v1/items', { data: { item_no: 'HODE-1', description: 'Vernebrille klar', unit: 'stk', sales_price: '80', vat_code: 'S25', active: 'true' } })).status()).toBe(201);
  const cust = await request.post('/api/v1/customers', { data: { name: 'Hodefelt Testkunde AS', invoice_email: 'faktura@hodefelt.test', confirm_duplicate: true } });
  expect(cust.status()).toBe(201);
  const { id, customer_no: customerNo } = await cust.json();
  const contact = await request.post('/api/parties/contact', { form: { party_id: String(id), id: '0', 'input[name]': 'Kari Innkjøp', 'input[email]': 'kari@hodefelt.test', 'input[for_orders]': 'on' } });
  expect(contact.status()).toBe(200);
  const project = await request.post('/api/parties/project', { form: { party_id: String(id), code: 'HF-1', name: 'Nytt lager', start_date: '', end_date: '', status: '' } });
  expect(project.status()).toBe(200);
  const smtpPort = process.env.FLYT_E2E_SMTP_PORT;
  const mailbox = process.env.FLYT_E2E_MAILBOX;
  if (smtpPort) {
    const saved = await request.post('/api/outbox/smtp/save', { form: { host: '127.0.0.1', port: smtpPort, security: 'none', user: '', password: '', from: 'salg@flyt.test' } });
    expect(saved.status()).toBe(200);
  }

  await newDoc(page, '/sales/orders/new', customerNo);
  await expect(page.getByTestId('customer-name')).toHaveText('Hodefelt Testkunde AS');
  await page.locator('select[name=contact]').selectOption({ label: 'Kari Innkjøp' });
  await page.locator('select[name=payment_terms]').selectOption('NET14');
  await page.locator('select[name=project]').selectOption('HF-1');
  await page.locator('input[name=requisition_no]').fill('REK-77');
  const line = await addLine(page, 'HODE-1');
  await line.getByTestId('line-date').fill('2027-01-15');
  await page.getByTestId('confirm-at-once').check();
  await page.getByTestId('save-doc').click();
  await expect(page).toHaveURL(/\/sales\/orders\/\d+$/);
  const orderNo = page.url().split('/').pop() as string;
  const order = await (await request.get(`/api/v1/orders/${orderNo}`)).json();
  expect(order).toMatchObject({ status: 'open', contact_name: 'Kari Innkjøp', payment_terms: 'NET14', project_code: 'HF-1', requisition_no: 'REK-77' });
  expect(order.lines[0].requested_date).toBe('2027-01-15');

  // the confirmation went to the contact for orders, with the order's PDF
  if (process.env.CI) expect(smtpPort && mailbox, 'test.sh starts a test SMTP server').toBeTruthy();
  if (smtpPort && mailbox) {
    const box = () => fs.readdirSync(`${mailbox}/new`).map((f) => fs.readFileSync(`${mailbox}/new/${f}`, 'utf8')).filter((m) => m.includes(`order-${orderNo}.pdf`));
    await expect.poll(() => box().length, { timeout: 15000 }).toBe(1);
    expect(box()[0]).toContain('kari@hodefelt.test');
  }
  expect(errors).toEqual([]);
});
