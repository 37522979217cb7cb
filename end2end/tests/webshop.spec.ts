import { test, expect } from '@playwright/test';
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, hydrated, login } from './helpers';

// Setup → Webshop against a real Vendure shop (end2end/vendure, from npm): connect it,
// place an order in the shop, "Import now", open the imported order, deliver it, and
// the shop order becomes shipped.
let shop: ChildProcess | undefined;
let port = 0;
let dir = '';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  port = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'flyt-vendure-'));
  shop = spawn('node', ['server.js'], {
    cwd: join(__dirname, '..', 'vendure'),
    env: { ...process.env, VENDURE_PORT: String(port), VENDURE_DB: join(dir, 'shop.sqlite'), VENDURE_DISABLE_TELEMETRY: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Vendure did not start')), 200_000);
    shop!.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('VENDURE-READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    shop!.on('exit', (code) => reject(new Error(`Vendure exited with ${code}`)));
  });
});

test.afterAll(() => {
  shop?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** GraphQL against the shop; the Shop API keeps its session in a bearer token. */
async function gql(api: 'shop-api' | 'admin-api', query: string, variables: object, token: { value: string }) {
  const res = await fetch(`http://127.0.0.1:${port}/${api}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token.value ? { authorization: `Bearer ${token.value}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  token.value = res.headers.get('vendure-auth-token') ?? token.value;
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

test('a shop order is imported, delivered in Flyt and shipped in the shop', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  // the shop's products and the service lines exist in Flyt (made once; 409 the next run)
  for (const [no, kind, vat] of [['KOPP', 'stock', 'S25'], ['FRAKT', 'service', 'Z0'], ['RABATT', 'service', 'S25'], ['AVRUNDING', 'service', 'Z0']]) {
    const r = await page.request.post('/api/v1/items', { data: { item_no: no, description: no, unit: 'stk', sales_price: '100', vat_code: vat, kind, active: 'true' } });
    expect([201, 409]).toContain(r.status());
  }
  expect((await page.request.post('/api/v1/stock/adjustments', { data: { item_no: 'KOPP', warehouse: 'MAIN', qty: '10', reason: 'found' } })).status()).toBe(204);

  await page.goto('/setup/webshop');
  await hydrated(page);
  const form = page.getByTestId('webshop-form');
  await form.locator('input[name="input[url]"]').fill(`http://127.0.0.1:${port}`);
  await form.locator('input[name="input[username]"]').fill('superadmin');
  await form.locator('input[name="input[secret]"]').fill('superadmin');
  await form.locator('select[name="input[warehouse]"]').selectOption('MAIN');
  await form.locator('input[name="input[poll_minutes]"]').fill('60');
  await form.locator('button[type=submit]').click();
  await expect(page.getByRole('status').first()).toBeVisible();
  await expect(page.getByTestId('webshop-status')).toBeVisible();

  // a customer orders two cups in the shop
  const admin = { value: '' };
  await gql('admin-api', 'mutation { login(username: "superadmin", password: "superadmin") { ... on CurrentUser { id } } }', {}, admin);
  const variant = (await gql('admin-api', 'query { productVariants(options: {filter: {sku: {eq: "KOPP"}}}) { items { id } } }', {}, admin)).productVariants.items[0].id;
  const session = { value: '' };
  await gql('shop-api', 'mutation($v: ID!) { addItemToOrder(productVariantId: $v, quantity: 2) { ... on Order { id } } }', { v: variant }, session);
  await gql('shop-api', 'mutation { setCustomerForOrder(input: {emailAddress: "nettkunde@example.no", firstName: "Nora", lastName: "Nett"}) { ... on Order { id } } }', {}, session);
  await gql('shop-api', 'mutation { setOrderShippingAddress(input: {fullName: "Nora Nett", streetLine1: "Kaigata 2", city: "Bergen", postalCode: "5003", countryCode: "NO"}) { ... on Order { id } } }', {}, session);
  await gql('shop-api', 'mutation { setOrderShippingMethod(shippingMethodId: [1]) { ... on Order { id } } }', {}, session);
  await gql('shop-api', 'mutation { transitionOrderToState(state: "ArrangingPayment") { ... on Order { id } } }', {}, session);
  const placed = (await gql('shop-api', 'mutation { addPaymentToOrder(input: {method: "card", metadata: {}}) { ... on Order { id code state } } }', {}, session)).addPaymentToOrder;
  expect(placed.state).toBe('PaymentSettled');

  // Import now: the order is there, linked to its Flyt order
  await page.getByTestId('import-now').click();
  await expect(page.getByTestId('import-summary')).toBeVisible();
  const row = page.getByTestId('shop-order').filter({ hasText: placed.code });
  await expect(row).toHaveCount(1);
  await row.locator('a').click();
  await expect(page).toHaveURL(/\/sales\/orders\/\d+$/);
  await hydrated(page);
  await expect(page.getByTestId('doc-status')).toHaveClass(/\bopen\b/);

  // deliver it in Flyt: the shop order is shipped
  await page.waitForLoadState('networkidle');
  await expect(page.getByTestId('deliver-qty').first()).toHaveValue('2');
  await page.getByTestId('post-delivery').click();
  await expect(page.getByTestId('doc-status')).toHaveClass(/\bdelivered\b/);
  await expect
    .poll(async () => (await gql('admin-api', 'query($id: ID!) { order(id: $id) { state } }', { id: placed.id }, admin)).order.state, { timeout: 30_000 })
    .toBe('Shipped');
});
