import { test, expect } from '@playwright/test';
import { login, PAGES } from './helpers';
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

// Every page is made once, on the server as in the browser (the shell knows the
// session before it renders, see ui::layout::Shell): the document pages, which failed
// to hydrate on some loads, are loaded repeatedly, and every other page once; no page
// may raise an error (a hydration mismatch panics: "unreachable").
test('every page hydrates, the document pages on every load', async ({ page, request }) => {
  test.setTimeout(180_000);
  await apiLogin(request);
  const customers = await (await request.get('/api/v1/customers')).json();
  const party = customers.rows[0];
  const q = await request.post('/api/v1/quotes', { data: { customer_no: party.customer_no, lines: [{ item_no: '1001', qty: '1' }] } });
  expect(q.status(), await q.text()).toBe(201);
  const o = await request.post('/api/v1/orders', { data: { customer_no: party.customer_no, confirm: true, lines: [{ item_no: '1002', qty: '1' }] } });
  expect(o.status(), await o.text()).toBe(201);
  const inv = await request.post('/api/v1/invoices', { data: { customer_no: party.customer_no, lines: [{ item_no: '1003', qty: '1' }] } });
  expect(inv.status(), await inv.text()).toBe(201);
  const documents = [
    `/parties/${party.id}`,
    `/sales/quotes/${(await q.json()).number}`,
    `/sales/orders/${(await o.json()).number}`,
    `/receivables/invoices/${(await inv.json()).number}`,
  ];
  const others = [
    ...PAGES, `/parties/${party.id}?tab=contacts`, `/parties/${party.id}?tab=changes`,
    `/parties/${party.id}?tab=addresses`, `/parties/${party.id}?tab=projects`,
  ];
  const errors: string[] = [];
  let at = '';
  page.on('pageerror', (e) => errors.push(`${at}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(`${at}: ${m.text()}`);
  });
  await login(page);
  for (const path of [...documents.flatMap((d) => Array(6).fill(d)), ...others]) {
    at = path;
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('h1, h2').first()).toBeVisible();
  }
  expect(errors).toEqual([]);
});
