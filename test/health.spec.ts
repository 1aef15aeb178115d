import { readMetric } from '../kernel/metrics';
import { startTestGraph, type TestGraph } from './support/graph';

describe('health and metrics endpoints', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph({ seedDemo: false });
  });
  afterAll(() => graph.close());

  const base = (url: string) => url.replace(/\/graphql$/, '');

  it('every service is live and ready while its database answers', async () => {
    for (const service of [graph.gateway, ...Object.values(graph.subgraphs)]) {
      expect((await fetch(`${base(service.url)}/health/live`)).status).toBe(200);
      const ready = await fetch(`${base(service.url)}/health/ready`);
      expect(ready.status).toBe(200);
    }
    const gatewayReady = (await (await fetch(`${base(graph.gateway.url)}/health/ready`)).json()) as any;
    expect(gatewayReady.subgraphs).toEqual({ account: 'up', order: 'up', subscription: 'up' });
  });

  it('health endpoints need no gateway secret, /graphql does', async () => {
    const graphql = await fetch(graph.subgraphs.account.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
    expect(graphql.status).toBe(401);
  });

  it('exposes counters in the Prometheus text format', async () => {
    const text = await (await fetch(`${base(graph.subgraphs.order.url)}/metrics`)).text();
    expect(readMetric(text, 'sql_statements_total')).toBeGreaterThan(0);
    expect(readMetric(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('a subgraph is not ready while its database does not answer (and live all the same)', async () => {
    const account = graph.subgraphs.account;
    await account.dataSource.destroy();
    try {
      const ready = await fetch(`${base(account.url)}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not ready', database: 'down' });
      expect((await fetch(`${base(account.url)}/health/live`)).status).toBe(200);
    } finally {
      await account.dataSource.initialize();
    }
  });
});
