import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, demoStoreServer } from '../e2e/browser-server.ts';

// Pictures of the key pages at 375 and 1366 px, compared with the committed baselines in
// e2e-pictures/pictures.spec.ts-snapshots/. A server of its own on a fresh demo database, one page at a time, so
// nothing another journey creates shows up in a picture. `sh scripts/env.sh playwright test -c e2e-pictures/playwright.config.ts --update-snapshots=all` renews them
// after a deliberate change; PICTURES_DOCS=1 also writes the guide's pictures into docs/images/.
const port = Number(process.env.PICTURES_PORT ?? 3989);
const dir = resolve(`var/pictures-${port}`);
// The config is read again in each worker process: only the first read starts from an empty folder.
if (!process.env.E2E_SQLITE_FILE) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.env.E2E_SQLITE_FILE = resolve(dir, 'pictures.sqlite');
}
process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 8_000, toHaveScreenshot: { maxDiffPixelRatio: 0.02, animations: 'disabled', caret: 'hide', scale: 'css' } },
  forbidOnly: true,
  snapshotPathTemplate: '{testDir}/baselines/{arg}{ext}',
  reporter: [['list'], ['json', { outputFile: process.env.PICTURES_JSON_REPORT ?? '../var/test-results/pictures.json' }]],
  outputDir: `${dir}/results`,
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: 'retain-on-failure',
    locale: 'en-US',
    timezoneId: 'UTC',
    launchOptions: { ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, '--font-render-hinting=none'] },
  },
  webServer: { ...demoStoreServer(port, dir, process.env.E2E_SQLITE_FILE), cwd: '..' },
});
