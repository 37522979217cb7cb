import { test, expect } from '@playwright/test';
import { hydrated, login, PAGES } from './helpers';

// Codes and English message stems that must never reach a Norwegian user: the raw
// status, kind, channel and period codes, and the beginnings of the server's messages.
const CODES = [
  'opening_balance', 'credit_note', 'partly_delivered', 'partly_invoiced', 'partly_accepted', 'writeoff', 'posted', 'email',
  'month', 'quarter', 'draft', 'confirmed', 'cancelled', 'delivered', 'invoiced', 'overdue', 'paid', 'pending', 'failed',
  'sent', 'approved', 'rejected', 'adjustment', 'receipt', 'transfer', 'average', 'fifo', 'heading', 'customer', 'supplier',
];
const STEMS = [
  'Something went wrong', 'is required', 'is not a', 'cannot be', 'Unknown', 'No such', 'Choose', 'must be', 'Please',
  'Saved', 'Loading', 'Save', 'Cancel', 'Customer', 'Supplier', 'Invoice', 'Quote', 'Amount', 'Due date', 'Open items',
  'Delivered', 'Paid', 'Overdue', 'Draft', 'Never', 'E-mail', 'Warehouse', 'Quantity', 'Description', 'Price',
];

function offending(text: string): string[] {
  const found: string[] = [];
  for (const w of [...CODES, ...STEMS]) {
    const re = new RegExp(`(^|[^\\p{L}_])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}_])`, 'u');
    const m = re.exec(text);
    if (m) found.push(`${w} in “…${text.slice(Math.max(0, m.index - 40), m.index + w.length + 40).replace(/\s+/g, ' ')}…”`);
  }
  return found;
}

test('every page in Norwegian: no raw code, no English message', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page);
  const before = await page.getByTestId('language').inputValue();
  await page.getByTestId('language').selectOption('nb');
  await expect(page.locator('nav.main-nav')).toContainText('Salg');
  try {
    const problems: string[] = [];
    // a party and an item page with their tabs, and a document of each kind
    await page.goto('/parties');
    const partyHref = await page.locator('table.data a[href^="/parties/"]').first().getAttribute('href');
    const extra = [partyHref!, `${partyHref}?tab=contacts`, `${partyHref}?tab=changes`, `${partyHref}?tab=addresses`, `${partyHref}?tab=projects`];
    for (const list of ['/sales/quotes', '/sales', '/receivables', '/purchasing', '/purchasing/invoices']) {
      await page.goto(list);
      const a = page.locator('table.data tbody a').first();
      if (await a.count()) extra.push((await a.getAttribute('href'))!);
    }
    for (const path of [...PAGES, ...extra]) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      // (a file format's own words — its column names and codes — are not translated)
      const text = await page.locator('main').evaluate((m) => {
        let t = (m as HTMLElement).innerText;
        m.querySelectorAll('[data-format], code').forEach((e) => { t = t.split((e as HTMLElement).innerText).join(' '); });
        return t;
      });
      for (const p of offending(text)) problems.push(`${path}: ${p}`);
    }
    expect(problems).toEqual([]);

    // a message from the server arrives in Norwegian, its values in place
    await page.goto('/sales/quotes/new');
    await hydrated(page);
    await page.getByTestId('line-code').fill('ZZZ-NOPE');
    await page.getByTestId('line-code').press('Enter');
    await expect(page.getByRole('alert')).toHaveText("Ingen vare passer til 'ZZZ-NOPE'");
  } finally {
    await page.getByTestId('language').selectOption(before);
    await expect(page.getByTestId('language')).toHaveValue(before);
  }
});
