import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { portIsFree } from '../scripts/graph-processes';
import os from 'node:os';
import path from 'node:path';
import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { PROJECT_ROOT } from '../kernel/paths';
import { dropTestDatabases, onMysql, testDatabaseConfig } from './support/database';
import { TEST_PORT_BASE } from './support/environment';
import { clientOperation } from './support/operations';

/**
 * `npm start` as a newcomer runs it: four processes from dist/ (npm test builds first), the
 * embedded SQLite default, demo data seeded once, a banner, Ctrl-C stopping all four; and
 * one clear line with a non-zero exit for each way it can be misconfigured.
 */
const START = path.join(PROJECT_ROOT, 'dist', 'scripts', 'start.js');
// The eight ports (public, then internal) from TEST_PORT_BASE, so two checkouts can run their tests on one machine.
const PORT_BASE = TEST_PORT_BASE;
const PORTS = {
  GATEWAY_PORT: String(PORT_BASE),
  ACCOUNT_PORT: String(PORT_BASE + 1),
  ORDER_PORT: String(PORT_BASE + 2),
  SUBSCRIPTION_PORT: String(PORT_BASE + 3),
  GATEWAY_INTERNAL_PORT: String(PORT_BASE + 4),
  ACCOUNT_INTERNAL_PORT: String(PORT_BASE + 5),
  ORDER_INTERNAL_PORT: String(PORT_BASE + 6),
  SUBSCRIPTION_INTERNAL_PORT: String(PORT_BASE + 7),
};

interface Launch {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Every launch of this file, so that a failed or timed-out test leaves no process holding a port. */
const launched: Launch[] = [];

function launch(env: Record<string, string>): Launch {
  let out = '';
  let err = '';
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  // NODE_ENV=development, as a newcomer's shell has it (Jest sets test, which changes Apollo's defaults).
  const child = spawn(process.execPath, [START], { env: { ...clean, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...PORTS, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run = { child, stdout: () => out, stderr: () => err, exited };
  launched.push(run);
  return run;
}

// Starting four processes that build and seed the demo (installer files included) takes tens
// of seconds on a busy two-core machine.
jest.setTimeout(180_000);

async function until(condition: () => boolean, what: string, ms = 150_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const portFree = (port: number) => portIsFree(port, '127.0.0.1');

async function post(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`http://127.0.0.1:${PORTS.GATEWAY_PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as any;
}

/** As the banner says: sign in with the demo credentials, then run the Dashboard with the token. */
async function dashboard() {
  const session = await post(clientOperation('SignIn'), { email: DEMO.accounts.dana.email, password: DEMO_PASSWORD });
  return post(clientOperation('Dashboard'), {}, session.data.signIn.accessToken);
}

async function runUntilBanner(env: Record<string, string>): Promise<Launch> {
  const run = launch(env);
  await until(() => run.stdout().includes('Ctrl-C stops') || run.child.exitCode !== null, 'the banner');
  if (run.child.exitCode !== null) throw new Error(`npm start exited: ${run.stderr()}`);
  return run;
}

async function stop(run: Launch): Promise<void> {
  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
  for (const port of Object.values(PORTS)) expect(await portFree(Number(port))).toBe(true);
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const run of launched.splice(0)) {
      if (run.child.exitCode !== null || run.child.signalCode !== null) continue;
      run.child.kill('SIGINT');
      const stopped = await Promise.race([run.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
      if (!stopped) run.child.kill('SIGKILL');
    }
  });

  it('runs the four processes on SQLite, seeds the demo once, prints where to go, and stops on Ctrl-C', async () => {
    const first = await runUntilBanner({ DATA_DIR: dataDir });
    expect(first.stdout()).toContain(`http://127.0.0.1:${PORTS.GATEWAY_PORT}/graphql`);
    expect(first.stdout()).toContain(`${DEMO.accounts.dana.email} / ${DEMO_PASSWORD}`);
    expect(first.stdout()).toContain('.eml');
    expect(first.stdout()).toContain('embedded SQLite');
    expect(first.stdout()).toContain(`gateway :${PORTS.GATEWAY_INTERNAL_PORT}`);
    // The offline explorer, served by the compiled gateway with its page and assets.
    expect(first.stdout()).toContain(`http://127.0.0.1:${PORTS.GATEWAY_PORT}/explorer`);
    expect((await fetch(`http://127.0.0.1:${PORTS.GATEWAY_PORT}/explorer`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${PORTS.GATEWAY_PORT}/explorer/assets/explorer.js`)).status).toBe(200);
    // Metrics answer on the internal port only.
    expect((await fetch(`http://127.0.0.1:${PORTS.ORDER_INTERNAL_PORT}/metrics`)).status).toBe(200);
    const body = await dashboard();
    expect(body.errors).toBeUndefined();
    expect(body.data.me.licenses).toHaveLength(4);
    expect(fs.readdirSync(dataDir).filter((f) => f.endsWith('.sqlite')).sort()).toEqual(['account.sqlite', 'orders.sqlite', 'subscriptions.sqlite']);
    await stop(first);

    const second = await runUntilBanner({ DATA_DIR: dataDir });
    expect((await dashboard()).data.me.licenses).toHaveLength(4);
    await stop(second);
  });

  const mysqlIt = onMysql() ? it : it.skip;
  mysqlIt('runs on MySQL with DATABASE_URL: creates the three databases and runs the migrations', async () => {
    const config = testDatabaseConfig();
    if (config.kind !== 'mysql') throw new Error('unreachable');
    const base = process.env.TEST_DATABASE_URL!.replace(/\/+$/, '');
    const prefix = config.databasePrefix.replace(/_$/, '');
    try {
      const run = await runUntilBanner({ DATA_DIR: dataDir, DATABASE_URL: `${base}/${prefix}` });
      expect(run.stdout()).toMatch(new RegExp(`running on MySQL at .*databases prefixed ${prefix}_`));
      const body = await dashboard();
      expect(body.errors).toBeUndefined();
      expect(body.data.me.orders.edges).toHaveLength(4);
      await stop(run);
    } finally {
      await dropTestDatabases(config);
    }
  });

  it.each([
    ['an invalid DATABASE_URL', { DATABASE_URL: 'mysql//nope' }, /DATABASE_URL is not a valid URL/],
    ['a database server that does not answer', { DATABASE_URL: 'mysql://root@127.0.0.1:1' }, /refused the connection: start the MySQL server/],
    ['a CORS origin that is not one', { CORS_ORIGINS: 'https://portal.example/path' }, /CORS_ORIGINS has "https:\/\/portal.example\/path", which is not an origin/],
  ])('refuses %s with one line and a non-zero exit', async (_what, env, message) => {
    const run = launch({ DATA_DIR: dataDir, ...env });
    expect(await run.exited).not.toBe(0);
    expect(run.stderr()).toMatch(message);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  });

  it('refuses a port in use with one line naming it, and leaves nothing running', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(Number(PORTS.ORDER_PORT), '127.0.0.1', r));
    try {
      const run = launch({ DATA_DIR: dataDir });
      expect(await run.exited).toBe(1);
      expect(run.stderr().trim()).toBe(`order-subgraph: port ${PORTS.ORDER_PORT} is already in use; stop the program using it (another npm start?) or set ORDER_PORT to a free port.`);
      for (const port of Object.values(PORTS).filter((p) => p !== PORTS.ORDER_PORT)) expect(await portFree(Number(port))).toBe(true);
    } finally {
      blocker.close();
    }
  });
});
