import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, demoStoreServer } from './e2e/browser-server.ts';

// Browser journeys run against a real server on a fresh SQLite database, in Debian's Chromium (never a
// downloaded browser). Fixtures in e2e/fixtures.ts write to the same database file to create data directly.
const port = Number(process.env.E2E_PORT ?? 3987);
const dir = resolve(`var/e2e-${port}`);
if (!process.env.E2E_SQLITE_FILE) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.env.E2E_SQLITE_FILE = resolve(dir, 'e2e.sqlite');
}
process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: process.env.E2E_JSON_REPORT ?? 'var/test-results/playwright.json' }]],
  outputDir: `${dir}/results`,
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  // Any request slower than 5 s is written to <VAR_DIR>/watchdog.log, and scripts/test.mjs fails the run on it.
  webServer: demoStoreServer(port, dir, process.env.E2E_SQLITE_FILE, { REQUEST_WATCHDOG_MS: '5000' }),
});
