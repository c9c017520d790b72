// In-process profile of the uncached category page (SQLite, demo store, PAGE_CACHE=off, one process):
// ms per request, a per-stage breakdown (performance.now() around each stage) and a .cpuprofile of the measured
// requests (node:inspector). Run: sh scripts/env.sh node --import tsx bench/profile-category.mjs [requests]
// Writes var/profile/category.cpuprofile (turn it into an SVG with scripts/flamegraph.mjs) and prints JSON.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, resolve } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'var', 'profile');
const N = Number(process.argv[2] ?? 2000);
const WARM = Math.min(500, N);
const CATEGORY = '/category/gear?product_list_limit=24';

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
Object.assign(process.env, {
  SQLITE_FILE: join(dir, 'profile.sqlite'),
  VAR_DIR: dir,
  DATABASE_URL: '',
  LOG_LEVEL: 'warn',
  SEED_DEMO: 'false',
  NODE_ENV: 'production',
  PAGE_CACHE: 'off',
  SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
  COOKIE_SECURE: 'false',
  LOGIN_RATE_LIMIT: '100000',
});

// Time spent inside SQLite (every statement Kysely runs goes through one of these).
let sqlMs = 0;
let sqlCount = 0;
const slowest = new Map();
{
  const original = Database.prototype.prepare;
  Database.prototype.prepare = function prepare(source, ...rest) {
    const stmt = original.call(this, source, ...rest);
    for (const m of ['all', 'get', 'run']) {
      const call = stmt[m];
      stmt[m] = function timed(...args) {
        const t = performance.now();
        try {
          return call.apply(this, args);
        } finally {
          const d = performance.now() - t;
          sqlMs += d;
          sqlCount++;
          const key = source.replace(/\s+/g, ' ').slice(0, 90);
          slowest.set(key, (slowest.get(key) ?? 0) + d);
        }
      };
    }
    return stmt;
  };
}

const { createApp } = await import('../src/app.ts');
const { loadEnv } = await import('../src/env.ts');
const { seedDemo } = await import('../src/db/seed/index.ts');
const { default: pino } = await import('pino');
const app = await createApp(loadEnv(), { logger: pino({ level: 'warn' }) });
await seedDemo(app.ctx);

// Stage marks: the app's own hooks run first, these are appended after them.
let marks = {};
for (const m of app.ctx.registry.modules) {
  const hook = m.onStorefrontRequest;
  if (!hook) continue;
  m.onStorefrontRequest = async (rc) => {
    const t = performance.now();
    try {
      await hook(rc);
    } finally {
      marks.session = (marks.session ?? 0) + performance.now() - t;
    }
  };
}
app.server.addHook('onRequest', async () => {
  marks.onRequest = performance.now();
});
app.server.addHook('preHandler', async (_req, reply) => {
  marks.preHandler = performance.now();
  marks.sqlBefore = sqlMs;
  const send = reply.send;
  reply.send = function timedSend(payload) {
    marks.handler ??= performance.now();
    marks.sqlInHandler ??= sqlMs - marks.sqlBefore;
    return send.call(this, payload);
  };
});
app.server.addHook('onSend', async (_req, _reply, payload) => {
  marks.onSend = performance.now();
  return payload;
});

/** A cookie jar over app.server.inject. */
function client() {
  const jar = new Map();
  return {
    jar,
    async request(method, url, form) {
      const res = await app.server.inject({
        method,
        url,
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        payload: form ? new URLSearchParams(form).toString() : undefined,
      });
      for (const c of [res.headers['set-cookie'] ?? []].flat()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        if (/max-age=0/i.test(c)) jar.delete(pair.slice(0, i));
        else jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
      return res;
    },
  };
}

// Garbage collections (kind and pause), to see whether they are the tail.
const gcs = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration, kind: e.detail?.kind });
}).observe({ entryTypes: ['gc'] });
const GC_KIND = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-callbacks' };

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const round = (x) => Math.round(x * 1000) / 1000;

async function measure(label, who, profile) {
  for (let i = 0; i < WARM; i++) await who.request('GET', CATEGORY);
  const sum = { onRequest: 0, sessionHooks: 0, preHandler: 0, handler: 0, queries: 0, onSend: 0, total: 0 };
  const totals = [];
  const spans = [];
  const gcBefore = performance.eventLoopUtilization();
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  sqlMs = 0;
  sqlCount = 0;
  slowest.clear();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    marks = {};
    const t0 = performance.now();
    const res = await who.request('GET', CATEGORY);
    const t1 = performance.now();
    if (res.statusCode !== 200) throw new Error(`${label}: status ${res.statusCode}`);
    sum.onRequest += marks.onRequest - t0 - (marks.session ?? 0);
    sum.sessionHooks += marks.session ?? 0;
    sum.preHandler += marks.preHandler - marks.onRequest;
    sum.queries += marks.sqlInHandler ?? 0;
    sum.handler += marks.handler - marks.preHandler - (marks.sqlInHandler ?? 0);
    sum.onSend += marks.onSend - marks.handler;
    sum.total += t1 - t0;
    totals.push(t1 - t0);
    spans.push([t0, t1]);
  }
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  await new Promise((r) => setTimeout(r, 50)); // GC entries are delivered on a later turn of the event loop
  if (session) {
    const { profile: samples } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${label}.cpuprofile`), JSON.stringify(samples));
    session.disconnect();
  }
  // The slowest 1% of requests: how many had a GC pause inside them, and how long those pauses were.
  const cut = percentile(totals, 0.99);
  const inRun = gcs.filter((g) => g.start >= started);
  const slow = spans.filter(([a, b]) => b - a >= cut);
  const slowWithGc = slow.filter(([a, b]) => inRun.some((g) => g.start < b && g.start + g.ms > a && g.kind !== 8));
  const gcByKind = {};
  for (const g of inRun) {
    const k = GC_KIND[g.kind] ?? String(g.kind);
    gcByKind[k] ??= { count: 0, ms: 0, maxMs: 0 };
    gcByKind[k].count++;
    gcByKind[k].ms = round(gcByKind[k].ms + g.ms);
    gcByKind[k].maxMs = round(Math.max(gcByKind[k].maxMs, g.ms));
  }
  gcs.length = 0;
  const perStage = Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, round(v / N)]));
  perStage.responseAndInject = round(
    perStage.total - perStage.onRequest - perStage.sessionHooks - perStage.preHandler - perStage.queries - perStage.handler - perStage.onSend,
  );
  return {
    label,
    requests: N,
    msPerRequest: round(elapsed / N),
    // CPU time (user + system) per request: steadier than wall time on a machine other work shares.
    cpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / N),
    p50: round(percentile(totals, 0.5)),
    p99: round(percentile(totals, 0.99)),
    max: round(Math.max(...totals)),
    sqlStatementsPerRequest: round(sqlCount / N),
    stagesMs: perStage,
    topStatementsMsPerRequest: [...slowest]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([sql, ms]) => ({ sql, ms: round(ms / N) })),
    gc: gcByKind,
    slowestOnePercent: { requests: slow.length, withGcPause: slowWithGc.length },
    eventLoopUtilization: round(performance.eventLoopUtilization(gcBefore).utilization),
  };
}

const anonymous = client();
const page = await anonymous.request('GET', CATEGORY);
const products = (page.body.match(/class="product-item"/g) ?? []).length;
const customer = client();
const login = await customer.request('GET', '/customer/account/login');
await customer.request('POST', '/customer/account/loginPost', {
  'login[username]': 'roni_cost@example.com',
  'login[password]': 'Demo-pass-123',
  form_key: /name="form_key" value="([^"]+)"/.exec(login.body)?.[1] ?? '',
});
if (!customer.jar.has('concierge_session')) throw new Error('customer sign-in failed');

// Measured without the profiler (it costs time per sample), then one profiled pass of the anonymous page.
const results = [await measure('anonymous', anonymous, false), await measure('customer', customer, false)];
if (process.env.PROFILE !== 'off') results.push({ ...(await measure('anonymous', anonymous, true)), label: 'anonymous, under the profiler' });
console.log(JSON.stringify({ node: process.version, products, bytes: page.body.length, results }, null, 2));
await app.close();
