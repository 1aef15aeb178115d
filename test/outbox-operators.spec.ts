import { HEADERS } from '../kernel/identity';
import { readMetric } from '../kernel/metrics';
import { Outbox } from '../kernel/outbox/outbox';
import { startTestGraph, type TestGraph } from './support/graph';

/** What operators see and do about the durable work of a subgraph (X2), and who may deliver events. */
describe('outbox and jobs for operators', () => {
  let graph: TestGraph;
  let base: string;
  beforeAll(async () => {
    graph = await startTestGraph({ seedDemo: false });
    base = graph.subgraphs.order.url.replace(/\/graphql$/, '');
  });
  afterAll(() => graph.close());

  const call = (path: string, init: RequestInit = {}, secret: string | null = graph.secret) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(secret ? { [HEADERS.gatewaySecret]: secret } : {}) },
    });

  it('event delivery and operator endpoints answer only holders of the internal secret', async () => {
    expect((await call('/events', { method: 'POST', body: '{}' }, null)).status).toBe(401);
    expect((await call('/admin/jobs/dead', {}, null)).status).toBe(401);
    expect((await call('/admin/jobs/dead', {}, 'wrong')).status).toBe(401);
  });

  it('refuses a malformed event (400) and a type this subgraph does not consume (422)', async () => {
    const malformed = await call('/events', { method: 'POST', body: JSON.stringify({ id: 'x' }) });
    expect(malformed.status).toBe(400);
    const unknown = await call('/events', {
      method: 'POST',
      body: JSON.stringify({ id: 'e-1', type: 'nobody.consumes', producer: 'account', aggregateType: 'account', aggregateId: 'a', payload: {}, occurredAt: new Date().toISOString() }),
    });
    expect(unknown.status).toBe(422);
  });

  it('a job that keeps failing ends DEAD: counted in /metrics, listed with its error, put back by an operator', async () => {
    const order = graph.subgraphs.order;
    const outbox = new Outbox(graph.clock, {});
    // The refunds table is briefly gone (a botched deploy): the refund-credit job fails.
    await order.dataSource.transaction((m) =>
      outbox.schedule(m, { type: 'refund.mark-credited', payload: { refundId: 'r-missing' }, dueAt: graph.clock.now(), maxAttempts: 1 }),
    );
    await order.dataSource.query('ALTER TABLE refunds RENAME TO refunds_moved');
    try {
      expect(await order.worker.runDue()).toEqual({ done: 0, retried: 0, dead: 1 });
    } finally {
      await order.dataSource.query('ALTER TABLE refunds_moved RENAME TO refunds');
    }
    const metrics = await (await fetch(`${graph.subgraphs.order.internalUrl}/metrics`)).text();
    expect(readMetric(metrics, 'outbox_backlog', { service: 'order', kind: 'jobs_dead' })).toBe(1);
    expect(graph.logs.some((l) => l.msg === 'job is dead: it will not be retried' && l.service === 'order-subgraph')).toBe(true);

    const listed = (await (await call('/admin/jobs/dead')).json()) as any;
    expect(listed.jobs).toEqual([expect.objectContaining({ type: 'refund.mark-credited', attempts: 1, lastError: expect.stringContaining('refunds') })]);
    expect(JSON.stringify(listed)).not.toContain('payload');

    expect((await call(`/admin/jobs/${listed.jobs[0].id}/retry`, { method: 'POST' })).status).toBe(200);
    expect(await order.worker.runDue()).toEqual({ done: 1, retried: 0, dead: 0 });
    expect((await call(`/admin/jobs/${listed.jobs[0].id}/retry`, { method: 'POST' })).status).toBe(404);
  });

  it('counts SQL of background work apart from what requests cost', async () => {
    const order = graph.subgraphs.order;
    const before = order.metrics.sqlStatements;
    await (await fetch(`${order.internalUrl}/metrics`)).text();
    await fetch(`${order.internalUrl}/health/ready`);
    await fetch(`${base}/health/ready`);
    expect(order.metrics.sqlStatements).toBe(before);
    expect(readMetric(await (await fetch(`${order.internalUrl}/metrics`)).text(), 'operational_sql_statements_total')).toBeGreaterThan(0);
  });
});
