// A real Vendure shop for Flyt's webshop tests (never a mock): a fresh SQLite file,
// the default channel in NOK, 25 % VAT, a few products with SKUs and stock. Started by
// server/tests/webshop.rs and end2end/tests/webshop.spec.ts; prints
// "VENDURE-READY <port>" when it answers.
//   VENDURE_PORT (3100), VENDURE_DB (a file; populated when it does not exist)
const path = require('path');
const fs = require('fs');
const { bootstrap, dummyPaymentHandler, LanguageCode } = require('@vendure/core');
const { populate } = require('@vendure/core/cli');

const port = Number(process.env.VENDURE_PORT || 3100);
const file = process.env.VENDURE_DB || path.join(__dirname, 'shop.sqlite');
const fresh = !fs.existsSync(file);
const admin = { identifier: 'superadmin', password: process.env.VENDURE_PASSWORD || 'superadmin' };

const config = {
  apiOptions: { port, hostname: '127.0.0.1', adminApiPath: 'admin-api', shopApiPath: 'shop-api' },
  authOptions: { tokenMethod: ['bearer', 'cookie'], superadminCredentials: admin, requireVerification: false, cookieOptions: { secret: 'flyt-test' } },
  dbConnectionOptions: { type: 'better-sqlite3', synchronize: true, database: file, logging: false },
  paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
  logger: new (require('@vendure/core').DefaultLogger)({ level: 1 }),
  plugins: [],
};

const initialData = {
  defaultLanguage: LanguageCode.en,
  defaultZone: 'Europe',
  taxRates: [{ name: 'Standard', percentage: 25 }],
  shippingMethods: [{ name: 'Posten', price: 9900 }],
  paymentMethods: [{ name: 'Card', handler: { code: dummyPaymentHandler.code, arguments: [{ name: 'automaticSettle', value: 'true' }] } }],
  collections: [],
  countries: [{ name: 'Norway', code: 'NO', zone: 'Europe' }, { name: 'Sweden', code: 'SE', zone: 'Europe' }],
};

async function gql(query, variables, token) {
  const res = await fetch(`http://127.0.0.1:${port}/admin-api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { token: res.headers.get('vendure-auth-token'), body: await res.json() };
}

async function main() {
  if (fresh) {
    const app = await populate(() => bootstrap(config), initialData, path.join(__dirname, 'products.csv'));
    // the default channel sells in NOK (Vendure starts in USD)
    const login = await gql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } } }', { u: admin.identifier, p: admin.password });
    const r = await gql('mutation { updateChannel(input: {id: 1, defaultCurrencyCode: NOK, availableCurrencyCodes: [NOK]}) { ... on Channel { id } } }', {}, login.token);
    if (!r.body.data) throw new Error(JSON.stringify(r.body));
    void app;
  } else {
    await bootstrap(config);
  }
  console.log(`VENDURE-READY ${port}`);
}
main().catch(e => { console.error(e); process.exit(1); });
