// The whole test suite, as `npm test` runs it: type check, XSS scan of the templates, import boundaries, lint and
// format, integration tests on SQLite and PostgreSQL, browser journeys in Debian's Chromium, and the cluster journey
// when PostgreSQL and Redis answer. Ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';

const results = 'var/test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

function run(title, cmd, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return true;
  if (process.getuid?.() === 0) {
    console.log("\n▶ Installing Debian's Chromium for the browser tests (apt-get install -y chromium)");
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status === 0 && existsSync(path)) return true;
  }
  console.error(`\nBrowser tests need Chromium at ${path}. Install it with:\n  sudo apt-get install -y chromium\n(or set CHROMIUM_PATH to a Chromium binary).`);
  return false;
}

const steps = [];
steps.push(['type check', run('Type check (tsc --noEmit)', 'node', ['node_modules/typescript7/bin/tsc', '--noEmit', '-p', 'tsconfig.json'])]);
steps.push(['xss scan', run('XSS scan of templates (xss-scan)', 'node_modules/.bin/xss-scan', ['-p', 'tsconfig.json'])]);
steps.push(['boundaries', run('Import boundaries (dependency-cruiser)', 'node', ['scripts/check-boundaries.mjs'])]);
steps.push(['lint', run('Lint and format (Biome)', 'node_modules/.bin/biome', ['check'])]);
steps.push([
  'integration',
  run('Integration tests on SQLite and PostgreSQL (vitest)', 'node_modules/.bin/vitest', [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${results}/vitest.json`,
  ]),
]);
if (process.env.SKIP_E2E === '1') console.log('\n▶ Browser journeys skipped (SKIP_E2E=1)');
else {
  steps.push(['browser', ensureChromium() && run('Browser journeys (Playwright, Chromium)', 'node_modules/.bin/playwright', ['test'])]);
  // The journeys' server reports every request slower than its watchdog limit (REQUEST_WATCHDOG_MS) here.
  const watchdog = `var/e2e-${process.env.E2E_PORT ?? 3987}/watchdog.log`;
  const slow = existsSync(watchdog) ? readFileSync(watchdog, 'utf8').trim() : '';
  if (slow) console.log(`\nRequests slower than the watchdog limit during the browser journeys:\n${slow}`);
  steps.push(['watchdog', !slow]);
  // Pictures of the key pages at 375 and 1366 px against the committed baselines (e2e-pictures/).
  steps.push([
    'pictures',
    run('Page pictures compared with their baselines (Playwright)', 'node_modules/.bin/playwright', ['test', '-c', 'e2e-pictures/playwright.config.ts']),
  ]);
}

// The topology test (two processes, PostgreSQL, Redis, HAProxy) whenever PostgreSQL and Redis answer here.
const reachable = (host, port) =>
  new Promise((ok) => {
    const s = createConnection({ host, port });
    s.once('connect', () => (s.destroy(), ok(true)));
    s.once('error', () => ok(false));
  });
const pgTarget = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const hasRedisServer = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;
const clusterReady = (await reachable(pgTarget.hostname, Number(pgTarget.port || 5432))) && (hasRedisServer || (await reachable('127.0.0.1', 6379)));
if (process.env.SKIP_E2E === '1' || process.env.SKIP_CLUSTER === '1') console.log('\n▶ Cluster journey skipped');
else if (!clusterReady) console.log('\n▶ Cluster journey skipped: needs PostgreSQL and Redis reachable (see README)');
else steps.push(['cluster', run('Cluster journey: 2 processes + PostgreSQL + Redis behind HAProxy', 'node', ['scripts/test-cluster.mjs'])]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const v = JSON.parse(readFileSync(`${results}/vitest.json`, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
} catch {}
try {
  const p = JSON.parse(readFileSync(`${results}/playwright.json`, 'utf8'));
  passed += p.stats.expected;
  failed += p.stats.unexpected + p.stats.flaky;
  skipped += p.stats.skipped;
} catch {}

for (const report of ['pictures.json', 'cluster.json', 'cluster-redis-down.json']) {
  try {
    const c = JSON.parse(readFileSync(`${results}/${report}`, 'utf8'));
    passed += c.stats.expected;
    failed += c.stats.unexpected + c.stats.flaky;
    skipped += c.stats.skipped;
  } catch {}
}

const failedSteps = steps.filter(([, ok]) => !ok).map(([name]) => name);
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
if (failedSteps.length && failed === 0) failed = failedSteps.length;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
