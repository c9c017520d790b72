// The tested topology: two app processes on one PostgreSQL database and one Redis, behind HAProxy balancing every
// request (no sticky sessions). Starts it natively (no containers), runs the Login as Customer journey in
// e2e-cluster/ through it, prints how often consecutive requests changed process, and tears everything down.
// Needs PostgreSQL (TEST_DATABASE_URL, or the local server) and Redis (REDIS_URL, or 127.0.0.1:6379); HAProxy is
// installed from Debian's package when missing and run as root.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// A Redis of the cluster's own (so the test can stop it halfway) when redis-server is installed; else the local one.
const ownRedis = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;
const dir = resolve('var/cluster');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const reachable = (host, port) =>
  new Promise((ok) => {
    const s = createConnection({ host, port });
    s.once('connect', () => (s.destroy(), ok(true)));
    s.once('error', () => ok(false));
  });
const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const fail = (msg) => {
  console.error(`test:cluster: ${msg}`);
  process.exit(1);
};

const pgUrl = new URL(PG_URL);
if (!(await reachable(pgUrl.hostname, Number(pgUrl.port || 5432)))) fail(`PostgreSQL is not reachable at ${pgUrl.host}`);
const redisPort = ownRedis ? await freePort() : 6379;
const REDIS_URL = `redis://127.0.0.1:${redisPort}`;
let redis;
if (ownRedis) {
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await reachable('127.0.0.1', redisPort)); i++) await new Promise((r) => setTimeout(r, 100));
}
if (!(await reachable('127.0.0.1', redisPort))) fail(`Redis is not reachable at 127.0.0.1:${redisPort}`);
if (spawnSync('sh', ['-c', 'command -v haproxy']).status !== 0) {
  if (process.getuid?.() !== 0) fail('HAProxy is missing: sudo apt-get install -y haproxy');
  console.log('test:cluster: installing HAProxy (apt-get install -y haproxy)');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', 'haproxy'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) fail('could not install HAProxy');
}

// A database of its own, dropped at the end.
const name = `concierge_cluster_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
await admin.query(`create database ${name}`);
await admin.end();
const dbUrl = new URL(PG_URL);
dbUrl.pathname = `/${name}`;

const children = redis ? [redis] : [];
const cleanup = async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  const drop = new pg.Client({ connectionString: PG_URL });
  await drop.connect();
  await drop.query(`drop database if exists ${name} with (force)`);
  await drop.end();
};

let status = 1;
try {
  const ports = [await freePort(), await freePort()];
  const front = await freePort();
  const apps = ports.map((port, i) => {
    const varDir = join(dir, `app${i + 1}`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: dbUrl.toString(),
        REDIS_URL,
        TRUST_PROXY: 'true',
        SEED_DEMO: 'true',
        VAR_DIR: varDir,
        LOG_LEVEL: 'warn',
        LOGIN_RATE_LIMIT: '1000',
        REQUEST_WATCHDOG_MS: '5000',
        PUBLIC_URL: `http://127.0.0.1:${front}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    children.push(child);
    return { port, varDir, child, output: () => out };
  });
  // Both processes start together on the empty database (the start-up lock lets one migrate and seed).
  const deadline = Date.now() + 120_000;
  for (const a of apps) {
    while (
      !(await fetch(`http://127.0.0.1:${a.port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (a.child.exitCode !== null || Date.now() > deadline) throw new Error(`app on ${a.port} did not come up:\n${a.output()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    `global
  maxconn 512
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
frontend shop
  bind 127.0.0.1:${front}
  default_backend apps
backend apps
  balance roundrobin
  option forwardfor
  option httpchk GET /health/ready
  http-request set-header X-Forwarded-Proto http
  http-response set-header X-Served-By %s
${apps.map((a, i) => `  server app${i + 1} 127.0.0.1:${a.port} check inter 1s`).join('\n')}
`,
  );
  const haproxy = spawn('haproxy', ['-f', cfg, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(haproxy);
  const url = `http://127.0.0.1:${front}`;
  while (
    !(await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (haproxy.exitCode !== null || Date.now() > deadline) throw new Error('HAProxy did not come up');
    await new Promise((r) => setTimeout(r, 200));
  }

  // What the journey needs from the seeded store: the first administrator's password and a consenting customer.
  const seededBy = apps.find((a) => existsSync(join(a.varDir, 'initial-admin.txt')));
  if (!seededBy) throw new Error('no process wrote initial-admin.txt');
  const password = /password: (\S+)/.exec(readFileSync(join(seededBy.varDir, 'initial-admin.txt'), 'utf8'))[1];
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  const customer = (await db.query(`select id, email from customers where email = 'roni_cost@example.com'`)).rows[0];
  // The first journey ends with this customer withdrawing consent; the outage part uses another consenting one.
  const second = (await db.query(`select id from customers where email = 'astrid@example.se'`)).rows[0];
  await db.end();

  const stats = join(dir, 'stats.json');
  const journeyEnv = {
    ...process.env,
    CLUSTER_URL: url,
    CLUSTER_ADMIN_PASSWORD: password,
    CLUSTER_CUSTOMER_ID: String(customer.id),
    CLUSTER_CUSTOMER_EMAIL: customer.email,
    CLUSTER_SECOND_CUSTOMER_ID: String(second.id),
    CLUSTER_STATS: stats,
  };
  const run = spawnSync('node_modules/.bin/playwright', ['test', '-c', 'e2e-cluster/playwright.config.ts', 'lac-through-balancer.spec.ts'], {
    stdio: 'inherit',
    env: { ...journeyEnv, CLUSTER_JSON_REPORT: resolve('var/test-results/cluster.json') },
  });
  // Halfway: Redis stops. Both processes must keep answering, and changes still reach both through the database.
  let outage = { status: 0 };
  if (redis) {
    redis.kill('SIGKILL');
    console.log('test:cluster: Redis stopped');
    outage = spawnSync('node_modules/.bin/playwright', ['test', '-c', 'e2e-cluster/playwright.config.ts', 'redis-down.spec.ts'], {
      stdio: 'inherit',
      env: { ...journeyEnv, CLUSTER_JSON_REPORT: resolve('var/test-results/cluster-redis-down.json') },
    });
  } else console.log('test:cluster: the Redis outage part needs redis-server installed; skipped');
  if (existsSync(stats)) {
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    console.log(
      `test:cluster: ${s.documents} page requests through HAProxy, ${s.changedProcess} of them on another process than the one before (processes: ${s.processes.join(', ')})`,
    );
  }
  for (const a of apps) if (/request exceeded the watchdog limit/.test(a.output())) throw new Error(`a request exceeded the watchdog limit:\n${a.output()}`);
  status = run.status === 0 && outage.status === 0 ? 0 : 1;
} catch (e) {
  console.error(`test:cluster: ${e instanceof Error ? e.message : e}`);
  status = 1;
} finally {
  await cleanup();
}
process.exit(status);
