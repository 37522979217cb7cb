import { defineConfig } from '@playwright/test';

// Debian's Chromium; browsers cannot be downloaded on our machines.
// The server is started by the test script (or `cargo leptos end-to-end`) with a fresh
// demo database; FLYT_E2E_URL says where it listens.
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  projects: [
    { name: 'chromium', testIgnore: /nojs\.spec\.ts/ },
    // every form meant to work without JavaScript, with it switched off
    { name: 'no-js', testMatch: /nojs\.spec\.ts/, use: { javaScriptEnabled: false } },
  ],
  use: {
    baseURL: process.env.FLYT_E2E_URL ?? 'http://127.0.0.1:3000',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
