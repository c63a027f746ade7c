import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// A release server on a fresh temporary database with the demo catalogue.
const port = Number(process.env.E2E_PORT ?? 3100);
const root = path.resolve(__dirname, '..');
// The config is loaded by the runner and again by each worker: make the folder once.
process.env.ODOP_E2E_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'odop-e2e-'));
const dbDir = process.env.ODOP_E2E_DIR;
// Each worker is one more network address (the server trusts X-Forwarded-For here, as behind
// its proxy): the per-address limits (20 new accounts an hour) then hold per shopper, as they
// would for real people, and a longer suite does not trip them.
const byte = () => Math.floor(Math.random() * 254) + 1;
const workerAddress = `10.${byte()}.${byte()}.${byte()}`;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // A cheap phone first.
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'en-IN',
    extraHTTPHeaders: { 'X-Forwarded-For': workerAddress },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'hydrated', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `${root}/target/release/odop-mart`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dbDir}/e2e.db`,
      ODOP_MEDIA_DIR: `${dbDir}/media`,
      ODOP_SEED_DEMO: '1',
      ODOP_ADDR: `127.0.0.1:${port}`,
      LEPTOS_OUTPUT_NAME: 'odop-mart',
      LEPTOS_SITE_ROOT: `${root}/target/site`,
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_ENV: 'PROD',
      RUST_LOG: 'warn',
      ODOP_TRUST_PROXY: '1',
    },
  },
});
