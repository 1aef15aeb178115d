import { addBusinessDays } from '../kernel/business-days';
import { DEMO } from '../kernel/demo';
import { startTestGraph, type TestGraph } from './support/graph';

const REFUNDS = '{ me { orders { edges { node { number refunds { state expectedCreditBy } } } } } }';

/** O12 through the graph: an initiated refund is shown credited once its expected date passes (a timed job, X3). */
describe('a refund becomes CREDITED on its expected date', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  async function refund() {
    const { body } = await graph.query(REFUNDS, {}, { as: DEMO.accounts.dana.id });
    expect(body.errors).toBeUndefined();
    return body.data.me.orders.edges.find((e: any) => e.node.number === 'CG-100004').node.refunds[0];
  }

  it('O12: stays INITIATED until 7 business days after initiation, then is CREDITED', async () => {
    const expected = addBusinessDays(new Date('2026-11-16T00:00:00.000Z'), 7);
    expect(await refund()).toEqual({ state: 'INITIATED', expectedCreditBy: expected.toISOString() });

    await graph.drain();
    expect((await refund()).state).toBe('INITIATED');

    graph.clock.set(new Date(expected.getTime() - 1));
    await graph.drain();
    expect((await refund()).state).toBe('INITIATED');

    graph.clock.set(expected);
    await graph.drain();
    expect((await refund()).state).toBe('CREDITED');
  });

  it('leaves nothing pending or dead behind', async () => {
    // The backlog is operator detail: the internal port's readiness.
    const ready = (await (await fetch(`${graph.subgraphs.order.internalUrl}/health/ready`)).json()) as any;
    expect(ready.backlog).toMatchObject({ jobsPending: 0, jobsRunning: 0, jobsDead: 0, eventsPending: 0 });
  });
});
