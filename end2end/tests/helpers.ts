import { createServer } from 'node:net';
import { expect, Page } from '@playwright/test';

/** Logs in as the demo user through the login form. */
export async function login(page: Page) {
  await page.goto('/login');
  await page.locator('input[name=email]').fill('demo@flyt.test');
  await page.locator('input[name=password]').fill('demo');
  await page.locator('form[action="/auth/login"] button[type=submit]').click();
  await expect(page.getByTestId('company-name')).toBeVisible();
  await hydrated(page);
}

/** Waits until the page answers input: its area's code has arrived and hydrated
 *  (the areas are loaded when first visited; see frontend/src/lib.rs). */
export async function hydrated(page: Page) {
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
}

/** Collects console and page errors; a refused input (4xx) is expected, a 5xx is not. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Every page of the app that needs no id (the document pages are made by each test). */
export const PAGES = [
  '/', '/sales', '/sales/quotes', '/sales/quotes/new', '/sales/orders/new', '/sales/backorder', '/purchasing', '/purchasing/reorder',
  '/purchasing/orders/new', '/purchasing/invoices', '/purchasing/invoices/new', '/purchasing/report', '/stock', '/stock/lookup',
  '/stock/counts', '/stock/valuation', '/stock/items/new', '/stock/items/1001', '/stock/import', '/stock/price-lists', '/parties',
  '/parties/new', '/parties/import', '/receivables', '/receivables/new', '/receivables/open',
  '/receivables/bank', '/receivables/reminders', '/receivables/statement', '/receivables/contracts', '/reports', '/reports/profit', '/reports/receivables', '/reports/quotes', '/reports/budget', '/reports/turnover', '/setup',
  '/setup/series', '/setup/terms', '/setup/vat', '/setup/units', '/setup/warehouses', '/setup/users', '/setup/tokens',
  '/setup/webhooks', '/setup/webshop', '/setup/crm', '/setup/party-forms', '/setup/email', '/setup/invoicing', '/setup/purchasing', '/setup/accounting', '/accounting',
];

/** A free TCP port on 127.0.0.1, for a counterpart a spec starts (a shop, a CRM). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}
