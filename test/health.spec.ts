import { DEMO } from '../kernel/demo';
import { readMetric } from '../kernel/metrics';
import { clientOperation } from './support/operations';
import { startTestGraph, type TestGraph } from './support/graph';

describe('health and metrics endpoints', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  const base = (url: string) => url.replace(/\/graphql$/, '');

  it('every service is live and ready while its database answers; the public port says only that', async () => {
    for (const service of [graph.gateway, ...Object.values(graph.subgraphs)]) {
      expect((await fetch(`${base(service.url)}/health/live`)).status).toBe(200);
      const ready = await fetch(`${base(service.url)}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
    }
  });

  it('the readiness detail (subgraph states, database, backlog) is on the internal port alone', async () => {
    const gateway = (await (await fetch(`${graph.gateway.internalUrl}/health/ready`)).json()) as any;
    expect(gateway).toMatchObject({ status: 'ready', subgraphs: { account: 'up', order: 'up', subscription: 'up' } });
    const order = (await (await fetch(`${graph.subgraphs.order.internalUrl}/health/ready`)).json()) as any;
    expect(order).toMatchObject({ status: 'ready', database: 'up', backlog: { jobsDead: 0 } });
  });

  it('/metrics is served on the internal port, not on the public one', async () => {
    for (const service of [graph.gateway, ...Object.values(graph.subgraphs)]) {
      expect((await fetch(`${base(service.url)}/metrics`)).status).not.toBe(200);
      expect((await fetch(`${service.internalUrl}/metrics`)).status).toBe(200);
    }
  });

  it('health endpoints need no gateway secret, /graphql does', async () => {
    const graphql = await fetch(graph.subgraphs.account.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
    expect(graphql.status).toBe(401);
  });

  it('X1: request duration by operation and client, subgraph fetches, errors by code, SQL and process metrics', async () => {
    const dashboard = await graph.query(clientOperation('Dashboard'), {}, { as: DEMO.accounts.dana.id, headers: { 'apollographql-client-name': 'web-portal' } });
    expect(dashboard.body.errors).toBeUndefined();
    await graph.query('{ me { id } }', {}, { operationName: undefined });

    const gateway = await (await fetch(`${graph.gateway.internalUrl}/metrics`)).text();
    expect(readMetric(gateway, 'graphql_request_duration_seconds_count', { operation: 'Dashboard', client: 'web-portal' })).toBe(1);
    expect(readMetric(gateway, 'graphql_request_duration_seconds_count', { operation: 'anonymous', client: 'unknown' })).toBe(1);
    expect(readMetric(gateway, 'graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    for (const subgraph of ['account', 'order', 'subscription']) {
      expect(readMetric(gateway, 'subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' })).toBeGreaterThan(0);
    }

    expect(readMetric(gateway, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(readMetric(gateway, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);

    // Refusals before GraphQL are counted by route and status.
    await fetch(graph.subgraphs.order.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    const order = await (await fetch(`${graph.subgraphs.order.internalUrl}/metrics`)).text();
    expect(readMetric(order, 'http_errors_total', { route: '/graphql', status_code: '401' })).toBe(1);
    expect(readMetric(order, 'sql_statements_total', { service: 'order' })).toBe(graph.subgraphs.order.metrics.sqlStatements);
    expect(readMetric(order, 'outbox_backlog', { kind: 'events_pending' })).toBeGreaterThanOrEqual(0);
  });

  it('a client cannot grow the metrics without end: odd or too many names are folded', async () => {
    await graph.query('query ok { __typename }', {}, { headers: { 'apollographql-client-name': 'bad<script>name' } });
    const text = await (await fetch(`${graph.gateway.internalUrl}/metrics`)).text();
    expect(readMetric(text, 'graphql_request_duration_seconds_count', { operation: 'ok', client: 'invalid' })).toBe(1);
  });

  it('a subgraph is not ready while its database does not answer (and live all the same)', async () => {
    const account = graph.subgraphs.account;
    await account.dataSource.destroy();
    try {
      const ready = await fetch(`${base(account.url)}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready' });
      expect(await (await fetch(`${account.internalUrl}/health/ready`)).json()).toMatchObject({ status: 'not ready', database: 'down' });
      expect((await fetch(`${base(account.url)}/health/live`)).status).toBe(200);
    } finally {
      await account.dataSource.initialize();
    }
  });
});
