import { test, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hydrated, login } from './helpers';

// Setup → Webhooks: add a webhook for stock changes pointing at a real local receiver,
// see its secret once, move stock, and the receiver gets the signed event; the
// delivery log shows the receiver's answer.
test('a webhook gets the stock change, signed, and the log shows the answer', async ({ page }) => {
  const got: { sig: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ sig: String(req.headers['flyt-signature'] ?? ''), body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    await login(page);
    await page.goto('/setup/webhooks');
    await hydrated(page);
    const form = page.getByTestId('webhook-form');
    await form.locator('input[name=url]').fill(url);
    await form.locator('input[name="types[stock_changed]"]').check();
    await form.locator('button[type=submit]').click();
    const secret = (await page.getByTestId('webhook-secret').locator('code').innerText()).trim();
    expect(secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const row = page.getByTestId('webhook').filter({ hasText: url });
    await expect(row).toHaveCount(1);

    const r = await page.request.post('/api/v1/stock/adjustments', { data: { item_no: '1001', warehouse: 'MAIN', qty: '1', reason: 'found' } });
    expect(r.status()).toBe(204);
    await expect.poll(() => got.filter((g) => JSON.parse(g.body).subject === '1001').length, { timeout: 20_000 }).toBeGreaterThan(0);
    const g = got.find((x) => JSON.parse(x.body).subject === '1001')!;
    const ev = JSON.parse(g.body);
    expect(ev.type).toBe('stock_changed');
    expect(ev.data.warehouse).toBe('MAIN');
    const [t, v1] = g.sig.replace('t=', '').split(',v1=');
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${g.body}`).digest('hex'));

    await row.getByRole('button').nth(1).click();
    await expect(page.getByTestId('delivery-log').locator('tbody tr').first()).toContainText('200');
    await row.locator('button.danger').click();
    await expect(page.getByTestId('webhook').filter({ hasText: url })).toHaveCount(0);
  } finally {
    server.close();
  }
});
