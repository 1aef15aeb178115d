import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startGateway } from '../gateway/gateway';
import { ManualClock } from '../kernel/clock';
import { DEMO } from '../kernel/demo';
import type { RunningService } from '../kernel/http';
import { readMetric } from '../kernel/metrics';
import { clientOperation } from './support/operations';
import { startTestGraph, type TestGraph } from './support/graph';

/**
 * The gateway's keep-alive connections to subgraphs (X1 under load): a connection the subgraph
 * closed must not fail a customer's request. The gateway closes idle connections before the
 * subgraph does, and sends a read once more when its connection was reset under it; a
 * mutation never, since it may have run.
 */
describe('gateway to subgraph connections', () => {
  describe('a connection reset under a subgraph fetch', () => {
    let resetsLeft = 0;
    let received: string[] = [];
    let subgraph: http.Server;
    let gateway: RunningService;
    const logs: Array<Record<string, unknown>> = [];

    beforeAll(async () => {
      // A stand-in subgraph that drops the connection of the next `resetsLeft` requests, as a
      // server closing an idle keep-alive connection at the moment a request arrives does.
      subgraph = http.createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          received.push(body);
          if (resetsLeft > 0) {
            resetsLeft -= 1;
            request.socket.resetAndDestroy();
            return;
          }
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify({ data: body.includes('signOutEverywhere') ? { signOutEverywhere: true } : { me: { id: 'a-1' } } }));
        });
      });
      await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
      const sink = new Writable({
        write(chunk, _enc, done) {
          for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line));
          done();
        },
      });
      gateway = await startGateway({
        host: '127.0.0.1',
        port: 0,
        internalPort: 0,
        corsOrigins: [],
        subgraphUrls: { account: url, order: url, subscription: url },
        gatewaySecret: 'secret',
        production: false,
        log: pino({ level: 'info' }, sink),
        clock: new ManualClock('2026-11-18T15:00:00.000Z'),
      });
    });
    afterAll(async () => {
      await gateway.close();
      subgraph.closeAllConnections();
      await new Promise((resolve) => subgraph.close(resolve));
    });
    beforeEach(() => {
      received = [];
    });

    const post = async (query: string) =>
      (await (await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json()) as any;
    const retries = async () => readMetric(await (await fetch(`${gateway.internalUrl}/metrics`)).text(), 'subgraph_fetch_retries_total', { subgraph: 'account' });

    it('a query is sent once more and answers', async () => {
      resetsLeft = 1;
      const body = await post('query Me { me { id } }');
      expect(body).toEqual({ data: { me: { id: 'a-1' } } });
      expect(received).toHaveLength(2);
      expect(await retries()).toBe(1);
      expect(logs.some((l) => l.msg === 'subgraph connection reset; query sent again' && l.subgraph === 'account')).toBe(true);
    });

    it('only once: a second reset is an error', async () => {
      resetsLeft = 2;
      const body = await post('query Me { me { id } }');
      // The subgraph did not answer twice: that part of the answer is missing, and says so.
      expect(body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(received).toHaveLength(2);
    });

    it('a mutation is never sent twice', async () => {
      resetsLeft = 1;
      const body = await post('mutation { signOutEverywhere }');
      expect(body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(body.data ?? null).toBeNull();
      expect(received).toHaveLength(1);
      resetsLeft = 0;
    });
  });

  describe('idle, then a burst', () => {
    let graph: TestGraph;
    beforeAll(async () => {
      // Short timeouts, in the production ratio: subgraphs keep idle connections 1 s, the gateway 0.5 s.
      graph = await startTestGraph({ subgraph: { keepAliveTimeoutMs: 1000 }, gateway: { subgraphIdleTimeoutMs: 500 } });
    });
    afterAll(() => graph.close());

    it('X1: bursts of Dashboard requests after idle spells around the subgraphs\' keep-alive all answer', async () => {
      const query = clientOperation('Dashboard');
      const burst = async () => {
        const answers = await Promise.all(Array.from({ length: 8 }, () => graph.query(query, {}, { as: DEMO.accounts.dana.id })));
        return answers.filter((a) => a.status !== 200 || a.body.errors).map((a) => JSON.stringify(a.body.errors ?? a.status));
      };
      const failures: string[] = [];
      failures.push(...(await burst()));
      // Idle right up to, at, and past the moment the subgraphs close idle connections.
      for (const idleMs of [450, 950, 1000, 1050, 1500]) {
        await new Promise((resolve) => setTimeout(resolve, idleMs));
        failures.push(...(await burst()));
      }
      expect(failures).toEqual([]);
    });
  });
});
