import { test, expect, request as playwrightRequest } from '@playwright/test';
import * as fs from 'fs';
import { login, watchConsole } from './helpers';
import type { APIRequestContext, Page } from '@playwright/test';

async function apiLogin(request: APIRequestContext) {
  expect((await request.post('/api/v1/session', { data: { email: 'demo@flyt.test', password: 'demo' } })).status()).toBe(200);
}

/** A supplier of our own (the parties spec counts on its org numbers being unused). */
async function supplier(request: APIRequestContext, name: string, extra: object = {}) {
  const r = await request.post('/api/v1/suppliers', { data: { name, confirm_duplicate: true, ...extra } });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()).supplier_no as string;
}

test('reorder list → purchase order → e-mail → partial receipt → the item profile shows it', async ({ page, request }) => {
  const errors = watchConsole(page);
  await apiLogin(request);
  const sup = await supplier(request, 'Bestillingsflyt Leverandør AS', { invoice_email: 'ordre@bestillingsflyt.test' });
  const item = { item_no: 'INNK-1', description: 'Fortøyningskrok', unit: 'stk', sales_price: '90', purchase_price: '30', vat_code: 'S25',
    safety_stock: '10', reorder_qty: '20', pack_size: '5', default_supplier: sup, active: 'true' };
  expect((await request.post('/api/v1/items', { data: item })).status()).toBe(201);
  expect((await request.post('/api/v1/stock/adjustments', { data: { item_no: 'INNK-1', warehouse: 'MAIN', qty: '2', reason: 'opening_balance' } })).status()).toBe(204);
  const smtpPort = process.env.FLYT_E2E_SMTP_PORT;
  const mailbox = process.env.FLYT_E2E_MAILBOX;
  if (process.env.CI) expect(smtpPort && mailbox, 'test.sh starts a test SMTP server').toBeTruthy();
  if (smtpPort) {
    const saved = await request.post('/api/outbox/smtp/save', { form: { host: '127.0.0.1', port: smtpPort, security: 'none', user: '', password: '', from: 'innkjop@flyt.test' } });
    expect(saved.status()).toBe(200);
  }

  // the reorder list suggests 20 (2 on hand, safety 10, reorder 20, packs of 5)
  await login(page);
  await page.goto(`/purchasing/reorder?supplier=${sup}`);
  await page.waitForLoadState('networkidle');
  const row = page.getByTestId('reorder-row').filter({ hasText: 'INNK-1' });
  await expect(row).toHaveCount(1);
  await expect(row.locator('input.num')).toHaveValue('20');
  await row.getByTestId('reorder-pick').check();
  await page.getByTestId('reorder-create').click();
  const created = page.getByTestId('reorder-created').locator('a');
  await expect(created).toHaveCount(1);
  const po = (await created.textContent())!.trim();
  // on order now: not suggested again
  await expect(page.getByTestId('reorder-empty')).toBeVisible();

  // send it: planned in, and the PDF e-mailed to the supplier
  await created.click();
  await expect(page).toHaveURL(new RegExp(`/purchasing/orders/${po}$`));
  await page.waitForLoadState('networkidle');
  await expect(page.getByTestId('po-status')).toHaveAttribute('data-status', 'draft');
  // a draft can still be changed: 25 instead of 20
  await page.getByTestId('draft-qty').first().fill('25');
  await page.getByTestId('draft-save').click();
  await expect(page.getByTestId('po-lines').locator('tbody tr').first().locator('td').nth(5)).toHaveText('25');
  await page.getByTestId('po-send').click();
  await expect(page.getByTestId('po-status')).toHaveAttribute('data-status', 'ordered');
  if (smtpPort && mailbox) {
    const box = () => (fs.existsSync(`${mailbox}/new`) ? fs.readdirSync(`${mailbox}/new`) : []).map((f) => fs.readFileSync(`${mailbox}/new/${f}`, 'utf8')).filter((m) => m.includes(`purchase_order-${po}.pdf`));
    await expect.poll(() => box().length, { timeout: 15000 }).toBe(1);
    expect(box()[0]).toContain('ordre@bestillingsflyt.test');
  }

  // a partial receipt of 8
  await page.getByTestId('receive-qty').first().fill('8');
  await page.getByTestId('receive').click();
  await expect(page.getByTestId('po-status')).toHaveAttribute('data-status', 'partly_received');
  await expect(page.getByTestId('po-line-received').first()).toHaveText('8');
  // more than the 17 outstanding needs the confirmation
  await page.getByTestId('receive-qty').first().fill('18');
  await page.getByTestId('receive').click();
  await expect(page.getByRole('alert')).toContainText('confirm to receive more than ordered');
  await expect(page.getByTestId('po-line-received').first()).toHaveText('8');

  // a supplier invoice typed with the order's number proposes what was received and not invoiced
  await page.goto('/purchasing/invoices/new');
  await page.waitForLoadState('networkidle');
  await page.getByTestId('si-po').fill(po);
  await page.getByTestId('si-po').press('Tab');
  const first = page.getByTestId('si-line').first().locator('input');
  await expect(first.nth(0)).toHaveValue('INNK-1');
  await expect(first.nth(2)).toHaveValue('8');
  await expect(page.getByTestId('si-supplier')).not.toHaveValue('');

  // the item's figures and profile: 10 on hand, 17 still coming
  await page.goto('/stock/items/INNK-1');
  await page.waitForLoadState('networkidle');
  const main = page.getByTestId('figures').locator('tbody tr').filter({ hasText: 'MAIN' });
  await expect(main.locator('td').nth(2)).toHaveText('10');
  const profile = page.getByTestId('profile-table').locator('tbody tr');
  await expect(profile).toHaveCount(3);
  await expect(profile.locator('td:nth-child(4)')).toHaveText(['27', '10', '2']);
  expect(errors).toEqual([]);
});

async function loginAs(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form[action="/auth/login"] button[type=submit]').click();
  await expect(page.getByTestId('company-name')).toBeVisible();
}

function ehf(invoiceNo: string, po: string, org: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>${invoiceNo}</cbc:ID><cbc:IssueDate>2026-11-25</cbc:IssueDate><cbc:DueDate>2026-12-25</cbc:DueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
 <cbc:DocumentCurrencyCode>NOK</cbc:DocumentCurrencyCode>
 <cac:OrderReference><cbc:ID>${po}</cbc:ID></cac:OrderReference>
 <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0192">${org}</cbc:EndpointID>
  <cac:PartyLegalEntity><cbc:RegistrationName>Attestflyt Leverandør AS</cbc:RegistrationName><cbc:CompanyID>${org}</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
 <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentID>0000123455</cbc:PaymentID></cac:PaymentMeans>
 <cac:TaxTotal><cbc:TaxAmount currencyID="NOK">500.00</cbc:TaxAmount></cac:TaxTotal>
 <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="NOK">2000.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="NOK">2000.00</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="NOK">2500.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="NOK">2500.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
 <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="EA">50</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="NOK">2000.00</cbc:LineExtensionAmount>
  <cac:OrderLineReference><cbc:LineID>1</cbc:LineID></cac:OrderLineReference>
  <cac:Item><cbc:Name>Sjakkel</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
  <cac:Price><cbc:PriceAmount currencyID="NOK">40.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>`;
}

test('an EHF supplier invoice goes through two approval levels and is paid', async ({ page, browser, request }) => {
  const errors = watchConsole(page);
  await apiLogin(request);
  const org = '912345726';
  const sup = await supplier(request, 'Attestflyt Leverandør AS', { org_no: org });
  expect((await request.post('/api/v1/items', { data: { item_no: 'ATT-1', description: 'Sjakkel', unit: 'stk', sales_price: '80', purchase_price: '40', vat_code: 'S25', active: 'true' } })).status()).toBe(201);
  const made = await request.post('/api/v1/purchase-orders', { data: { supplier_no: sup, confirm: true, lines: [{ item_no: 'ATT-1', qty: '50' }] } });
  expect(made.status()).toBe(201);
  const po = (await made.json()).po_no as string;
  expect((await request.post(`/api/v1/purchase-orders/${po}/receipts`, { data: { lines: [{ line_no: 1, qty: '40' }] } })).status()).toBe(201);
  const added = await request.post('/api/setup/users/add', { form: { email: 'anne.attest@e2e.test', name: 'Anne Attest', role: 'accounting', password: 'attest-pass-1' } });
  expect(added.status(), await added.text()).toBe(200);
  // an account made by an invitation joins the company at its first login
  const anneApi = await playwrightRequest.newContext({ baseURL: process.env.FLYT_E2E_URL ?? 'http://127.0.0.1:3000' });
  expect((await anneApi.post('/api/v1/session', { data: { email: 'anne.attest@e2e.test', password: 'attest-pass-1' } })).status()).toBe(200);
  await anneApi.dispose();

  // the chain: level 1 from 0 (the demo user), level 2 from 1 000 (Anne)
  await login(page);
  await page.goto('/setup/purchasing');
  await page.waitForLoadState('networkidle');
  await page.getByTestId('level-add').click();
  await page.getByTestId('level-add').click();
  const levels = page.getByTestId('approval-level');
  await expect(levels).toHaveCount(2);
  await levels.nth(0).getByTestId('level-min').fill('0');
  await levels.nth(0).locator('[data-testid=level-user][data-user^="Demo Bruker"]').check();
  await levels.nth(1).getByTestId('level-min').fill('1000');
  await levels.nth(1).locator('[data-testid=level-user][data-user^="Anne Attest"]').check();
  await page.getByTestId('levels-save').click();
  await expect(page.getByRole('status')).toBeVisible();

  // import the EHF file: it lands waiting for approval, with its deviation from the order
  await page.goto('/purchasing/invoices');
  await page.waitForLoadState('networkidle');
  await page.getByTestId('ehf-upload').locator('input[type=file]').setInputFiles({ name: 'faktura.xml', mimeType: 'application/xml', buffer: Buffer.from(ehf('E2E-F1', po, org)) });
  await page.getByTestId('ehf-upload').locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/purchasing\/invoices\/\d+$/);
  await page.waitForLoadState('networkidle');
  const id = page.url().split('/').pop() as string;
  await expect(page.getByTestId('si-status')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('si-level')).toHaveText('0/2');
  await expect(page.getByTestId('si-deviations')).toContainText('50 invoiced, 40 received');

  // level 1 by the demo user, who cannot approve level 2 too
  await page.getByTestId('si-comment').fill('Ok mot ordre');
  await page.getByTestId('si-approve').click();
  await expect(page.getByTestId('si-level')).toHaveText('1/2');
  await page.getByTestId('si-approve').click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('si-level')).toHaveText('1/2');

  // level 2 by Anne, who then marks it paid
  const context = await browser.newContext();
  const anne = await context.newPage();
  const anneErrors = watchConsole(anne);
  await loginAs(anne, 'anne.attest@e2e.test', 'attest-pass-1');
  await anne.goto(`/purchasing/invoices/${id}`);
  await anne.waitForLoadState('networkidle');
  await anne.getByTestId('si-approve').click();
  await expect(anne.getByTestId('si-status')).toHaveAttribute('data-status', 'approved');
  await expect(anne.getByTestId('si-approvals').locator('tr')).toHaveCount(2);
  await anne.getByTestId('si-pay').click();
  await expect(anne.getByTestId('si-status')).toHaveAttribute('data-status', 'paid');
  await context.close();
  const inv = await (await request.get(`/api/v1/supplier-invoices/${id}`)).json();
  expect(inv.status).toBe('paid');
  expect(inv.gross).toBe('2500.00');
  expect(errors).toEqual([]);
  expect(anneErrors).toEqual([]);
});
