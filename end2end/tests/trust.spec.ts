import { test, expect } from '@playwright/test';
import { login, watchConsole } from './helpers';
import type { APIRequestContext } from '@playwright/test';

async function apiLogin(request: APIRequestContext) {
  expect((await request.post('/api/v1/session', { data: { email: 'demo@flyt.test', password: 'demo' } })).status()).toBe(200);
}

test('the WASM goes out hashed, cached for a year and compressed', async ({ page, request }) => {
  await page.goto('/login');
  const wasm = await page.locator('link[rel=preload][as=fetch]').getAttribute('href');
  const js = await page.locator('link[rel=modulepreload]').getAttribute('href');
  expect(wasm).toMatch(/^\/pkg\/flyt\.[^/]+\.wasm$/);
  expect(js).toMatch(/^\/pkg\/flyt\.[^/]+\.js$/);
  // the brotli files are written in the background after start
  await expect.poll(async () => (await request.get(wasm!, { headers: { 'accept-encoding': 'br' } })).headers()['content-encoding'], { timeout: 45_000 }).toBe('br');
  const r = await request.get(wasm!, { headers: { 'accept-encoding': 'gzip' } });
  expect(r.headers()['content-encoding']).toBe('gzip');
  expect(r.headers()['cache-control']).toContain('immutable');
  const page_ = await request.get('/login');
  expect(page_.headers()['cache-control']).toContain('no-cache');
  expect(page_.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
});

// Open (issue "Trust"): the party, quote and order pages still fail to hydrate on some
// loads (tachys hydration.rs:195 unreachable), also since each loads everything in one
// resource; the invoice page and the list pages never do. Kept here to reproduce it.
test.fixme('document pages hydrate on every load', async ({ page, request }) => {
  await apiLogin(request);
  const customers = await (await request.get('/api/v1/customers')).json();
  const party = customers.rows[0];
  const q = await request.post('/api/v1/quotes', { data: { customer_no: party.customer_no, lines: [{ item_no: '1001', qty: '1' }] } });
  expect(q.status(), await q.text()).toBe(201);
  const o = await request.post('/api/v1/orders', { data: { customer_no: party.customer_no, confirm: true, lines: [{ item_no: '1002', qty: '1' }] } });
  expect(o.status(), await o.text()).toBe(201);
  const inv = await request.post('/api/v1/invoices', { data: { customer_no: party.customer_no, lines: [{ item_no: '1003', qty: '1' }] } });
  expect(inv.status(), await inv.text()).toBe(201);
  const pages = [
    `/parties/${party.id}`,
    `/sales/quotes/${(await q.json()).number}`,
    `/sales/orders/${(await o.json()).number}`,
    `/receivables/invoices/${(await inv.json()).number}`,
  ];
  const errors = watchConsole(page);
  await login(page);
  for (const path of pages) {
    for (let i = 0; i < 6; i++) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      // hydrated: the app's own handlers answer (a link inside the app navigates client-side)
      await expect(page.locator('h1').first()).toBeVisible();
    }
  }
  expect(errors).toEqual([]);
});
