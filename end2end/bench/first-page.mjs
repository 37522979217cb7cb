// The WASM and JavaScript a browser downloads for two journeys, measured in Debian's
// Chromium with an empty cache: login → Home (the first page), and the phone stock
// lookup opened directly by a logged-in user. Prints, per journey, the bytes as sent
// (compressed, as the server answered) and raw, and the number of files; prints page
// errors too, so a journey that broke hydration shows. Run by `flyt-bench`, or:
//   node end2end/bench/first-page.mjs http://127.0.0.1:3000
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const email = process.env.FLYT_BENCH_EMAIL ?? 'demo@flyt.test';
const password = process.env.FLYT_BENCH_PASSWORD ?? 'demo';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});

/** Runs `steps` in a fresh context (empty cache) and sums the code it fetched. */
async function journey(name, cookies, steps) {
  const context = await browser.newContext();
  if (cookies) await context.addCookies(cookies);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const seen = new Map(); // path → {kind, sent, raw}; a file fetched twice counts once
  page.on('requestfinished', async (request) => {
    const url = new URL(request.url());
    const kind = url.pathname.endsWith('.wasm') ? 'wasm' : url.pathname.endsWith('.js') ? 'js' : null;
    if (!kind || seen.has(url.pathname)) return;
    const entry = { kind, sent: 0, raw: 0 };
    seen.set(url.pathname, entry);
    const response = await request.response();
    entry.sent = (await request.sizes()).responseBodySize;
    entry.raw = response ? (await response.body()).length : 0;
  });
  await steps(page);
  await page.locator('html[data-hydrated]').waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  const sum = (kind, key) => [...seen.values()].filter((e) => e.kind === kind).reduce((a, e) => a + e[key], 0);
  const files = [...seen.values()].filter((e) => e.kind === 'wasm').length;
  const kb = (n) => (n / 1024).toFixed(1);
  console.log(
    `${name}: WASM sent ${kb(sum('wasm', 'sent'))} KB (raw ${kb(sum('wasm', 'raw'))} KB, ${files} files), ` +
      `JS sent ${kb(sum('js', 'sent'))} KB, page errors ${errors.length}${errors.length ? ': ' + errors.join(' | ') : ''}`,
  );
  const jar = await context.cookies();
  await context.close();
  return jar;
}

const jar = await journey('first page (login → Home)', null, async (page) => {
  await page.goto(`${base}/login`);
  await page.locator('html[data-hydrated]').waitFor({ timeout: 30_000 });
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form[action="/auth/login"] button[type=submit]').click();
  await page.getByTestId('company-name').waitFor();
});
await journey('phone stock lookup (opened directly)', jar, async (page) => {
  await page.goto(`${base}/stock/lookup`);
});
await browser.close();
