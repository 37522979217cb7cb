import { test, expect } from '@playwright/test';
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, hydrated, login } from './helpers';

// Setup → CRM against a real Tryton (installed from PyPI by test.sh): connect it with
// a field's direction set, a party made in the CRM appears in Flyt after "Sync now",
// a look-alike waits in the review list until "Create new", a contact person and a
// payment term set in the CRM reach the customer, and a phone changed in Flyt reaches
// the CRM.
const bin = join(process.env.FLYT_TRYTON_VENV ?? join(homedir(), '.cache', 'flyt-tryton'), 'bin');
let crm: ChildProcess | undefined;
let port = 0;
let dir = '';
let auth = '';

async function rpc(method: string, params: unknown[]) {
  const res = await fetch(`http://127.0.0.1:${port}/crm/rpc/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Session ${auth}` } : {}) },
    body: JSON.stringify({ id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(JSON.stringify(body.error));
  return body.result;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  if (!existsSync(join(bin, 'trytond'))) throw new Error(`Tryton is not installed in ${bin} (test.sh installs it)`);
  port = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'flyt-tryton-'));
  const conf = join(dir, 'trytond.conf');
  writeFileSync(conf, `[database]\nuri = sqlite://\npath = ${dir}\n[web]\nlisten = 127.0.0.1:${port}\n`);
  writeFileSync(join(dir, 'crm.sqlite'), '');
  writeFileSync(join(dir, 'pass'), 'admin-passord\n');
  const admin = spawnSync(join(bin, 'trytond-admin'),
    ['-c', conf, '-d', 'crm', '--all', '--email', 'admin@crm.test', '-u', 'party', 'company', 'sale_opportunity', 'project', '--activate-dependencies'],
    { env: { ...process.env, TRYTONPASSFILE: join(dir, 'pass') }, encoding: 'utf8' });
  if (admin.status !== 0) throw new Error(`trytond-admin: ${admin.stderr}`);
  crm = spawn(join(bin, 'trytond'), ['-c', conf, '-d', 'crm'], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      // any answer (401 without a session) means it listens
      await fetch(`http://127.0.0.1:${port}/crm/rpc/`, { method: 'POST', body: '{}' });
      break;
    } catch (e) {
      if (i > 150) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const [uid, session] = await rpc('common.db.login', ['admin', { password: 'admin-passord' }]);
  auth = Buffer.from(`admin:${uid}:${session}`).toString('base64');
});

test.afterAll(() => {
  crm?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('customers are kept in step with the CRM', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  const party = async (name: string, phone: string) =>
    (await rpc('model.party.party.create', [[{ name, contact_mechanisms: [['create', [{ type: 'phone', value: phone }]]] }], {}]))[0];
  const made = await party('Skylinjen Kontor AS', '+47 23 45 67 89');

  await page.goto('/setup/crm');
  await hydrated(page);
  const form = page.getByTestId('crm-form');
  await form.locator('input[name="input[url]"]').fill(`http://127.0.0.1:${port}`);
  await form.locator('input[name="input[database]"]').fill('crm');
  await form.locator('input[name="input[login]"]').fill('admin');
  await form.locator('input[name="input[password]"]').fill('admin-passord');
  await form.getByTestId('rule-web').selectOption('off');
  await form.locator('button[type=submit]').click();
  await expect(page.getByTestId('crm-status')).toBeVisible();
  await expect(page.getByTestId('rule-web')).toHaveValue('off');

  // Sync now: the CRM's party is a Flyt customer (and Flyt's customers are in the CRM)
  // (a first run makes each of the demo's customers in the CRM)
  await page.getByTestId('crm-sync').click();
  await expect(page.getByTestId('crm-summary')).toBeVisible({ timeout: 30_000 });
  const found = await (await page.request.get('/api/v1/customers?q=Skylinjen')).json();
  expect(found.rows.map((r: { name: string }) => r.name)).toEqual(['Skylinjen Kontor AS']);
  const no = found.rows[0].customer_no;

  // a look-alike waits for a person; "Create new" makes it a customer of its own
  await party('Skylinjen Kontor', '+47 23 45 67 80');
  await page.getByTestId('crm-sync').click();
  const review = page.getByTestId('crm-review').filter({ hasText: 'Skylinjen Kontor' });
  await expect(review).toHaveCount(1);
  await expect(review.getByTestId('crm-link')).toContainText(no);
  await review.getByTestId('crm-create-new').click();
  await expect(page.getByTestId('crm-review')).toHaveCount(0);
  const both = await (await page.request.get('/api/v1/customers?q=Skylinjen')).json();
  expect(both.rows).toHaveLength(2);

  // a contact person and a payment term set in the CRM come to the customer
  const net14 = (await rpc('model.account.invoice.payment_term.create',
    [[{ name: 'Netto 14', lines: [['create', [{ type: 'remainder', relativedeltas: [['create', [{ days: 14 }]]] }]]] }], {}]))[0];
  await rpc('model.party.party.write', [[made], {
    customer_payment_term: net14,
    contact_mechanisms: [['create', [{ type: 'email', value: 'eva@skylinjen.no', name: 'Eva Lund' }]]],
  }, {}]);
  await page.getByTestId('crm-sync').click();
  await expect
    .poll(async () => (await (await page.request.get(`/api/v1/customers/${no}`)).json()).payment_terms, { timeout: 30_000 })
    .toBe('NET14');
  const id = (await (await page.request.get(`/api/v1/customers/${no}`)).json()).id;
  await page.goto(`/parties/${id}?tab=contacts`);
  await expect(page.getByTestId('contacts')).toContainText('Eva Lund');
  await expect(page.getByTestId('contacts')).toContainText('eva@skylinjen.no');
  await page.goto('/setup/crm');
  await hydrated(page);

  // a phone changed in Flyt reaches the CRM (the worker follows Flyt's changes)
  expect((await page.request.patch(`/api/v1/customers/${no}`, { data: { phone: '+47 90 00 00 01' } })).status()).toBe(200);
  await expect
    .poll(async () => (await rpc('model.party.party.read', [[made], ['phone'], {}]))[0].phone, { timeout: 30_000 })
    .toBe('+47 90 00 00 01');

  // paused again, so the rest of the run does not talk to a CRM that is gone
  await form.locator('input[name="input[active]"]').uncheck();
  await form.locator('button[type=submit]').click();
  await expect(page.getByTestId('crm-form').locator('input[name="input[active]"]')).not.toBeChecked();
});
