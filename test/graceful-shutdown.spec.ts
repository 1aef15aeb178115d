import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../kernel/paths';

/**
 * A deploy stops the gateway with SIGTERM while requests are in flight (kernel/main.ts): the
 * compiled gateway process (npm test builds first) in front of a stand-in account subgraph
 * that answers slowly, so that requests are surely in flight when the signal arrives.
 */
const GATEWAY = path.join(PROJECT_ROOT, 'dist', 'gateway', 'main.js');
const SUBGRAPH_DELAY_MS = 1200;

/** Answers the gateway's `me` fetch after a delay (`Slow` operations: after 10 s). */
async function slowAccountSubgraph() {
  let received = 0;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received += 1;
      const delay = body.includes('Slow__') ? 10_000 : SUBGRAPH_DELAY_MS;
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ data: { me: { id: 'a-1', email: 'dana@example.com' } } }));
      }, delay).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    received: () => received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Gateway {
  child: ChildProcess;
  url: string;
  logs: () => Array<Record<string, any>>;
  exited: Promise<number | null>;
}

async function startGatewayProcess(subgraphUrl: string, env: Record<string, string>): Promise<Gateway> {
  let out = '';
  const child = spawn(process.execPath, [GATEWAY], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      GATEWAY_PORT: '0',
      GATEWAY_INTERNAL_PORT: '0',
      GATEWAY_SECRET: 'a-test-secret-of-the-gateway-and-subgraphs',
      ACCOUNT_URL: subgraphUrl,
      ORDER_URL: subgraphUrl,
      SUBSCRIPTION_URL: subgraphUrl,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logs = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const deadline = Date.now() + 30_000;
  let listening: Record<string, any> | undefined;
  while (!(listening = logs().find((l) => l.msg === 'listening'))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the gateway did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url: listening.url, logs, exited };
}

/** What a client gets for one request: its status and body, or the error of a failed connection. */
async function ask(url: string, operation = 'query Me { me { id } }'): Promise<{ status?: number; body?: any; connection?: string | null; error?: string }> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: operation }) });
    return { status: response.status, body: await response.json(), connection: response.headers.get('connection') };
  } catch (error) {
    return { error: `${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}` };
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('graceful shutdown on SIGTERM', () => {
  let subgraph: Awaited<ReturnType<typeof slowAccountSubgraph>>;
  beforeAll(async () => {
    subgraph = await slowAccountSubgraph();
  });
  afterAll(() => subgraph.close());

  it('readiness turns to 503 first, requests in flight and those sent meanwhile all finish, then the process exits', async () => {
    const gateway = await startGatewayProcess(subgraph.url, { SHUTDOWN_DELAY_MS: '800', SHUTDOWN_TIMEOUT_MS: '5000' });
    const ready = gateway.url.replace(/\/graphql$/, '/health/ready');
    expect((await fetch(ready)).status).toBe(200);

    const before = subgraph.received();
    const inFlight = Array.from({ length: 10 }, () => ask(gateway.url));
    await until(() => subgraph.received() === before + 10, 'the requests to reach the subgraph');

    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    await until(() => gateway.logs().some((l) => l.msg === 'stopping: readiness is 503, draining requests in flight'), 'the stop to begin');
    // A load balancer polling readiness now takes the instance out.
    const draining = await fetch(ready);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toEqual({ status: 'draining' });
    // A request sent before the balancer noticed is still served.
    const late = ask(gateway.url);

    const answers = await Promise.all([...inFlight, late]);
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 200, body: { data: { me: { id: 'a-1' } } } });
      // Each response closes its connection: clients reconnect to another instance.
      expect(answer.connection).toBe('close');
    }
    expect(await gateway.exited).toBe(0);
    const took = Date.now() - signalled;
    expect(took).toBeGreaterThanOrEqual(800);
    expect(took).toBeLessThan(800 + 5000);
    expect(gateway.logs().find((l) => l.msg === 'stopped')).toEqual(expect.objectContaining({ ms: expect.any(Number) }));
    // The listener is closed: nothing more is taken.
    expect((await ask(gateway.url)).error).toMatch(/ECONNREFUSED/);
  });

  it('cuts what is still running at the deadline, and exits', async () => {
    const gateway = await startGatewayProcess(subgraph.url, { SHUTDOWN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '500' });
    const before = subgraph.received();
    const slow = ask(gateway.url, 'query Slow { me { id } }');
    await until(() => subgraph.received() === before + 1, 'the slow request to reach the subgraph');
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect((await slow).error).toBeDefined();
  });
});
