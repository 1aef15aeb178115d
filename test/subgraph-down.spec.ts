import { DEMO } from '../kernel/demo';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

/**
 * X1 when one subgraph is down: fields another subgraph contributes are nullable, so the rest of
 * the answer still arrives, with an error whose path names the part that is missing.
 */
describe('one subgraph down is not everything down', () => {
  const dashboard = clientOperation('Dashboard');
  const dana = DEMO.accounts.dana;
  let graph: TestGraph;

  afterEach(() => graph.close());

  it('X1: without the subscription subgraph, the Dashboard keeps the account and its orders; licenses are null with an error', async () => {
    graph = await startTestGraph();
    await graph.stopSubgraph('subscription');
    const { status, body } = await graph.query(dashboard, {}, { as: dana.id });
    expect(status).toBe(200);
    expect(body.data.me).toMatchObject({ id: dana.id, email: dana.email, licenses: null });
    expect(body.data.me.orders.edges.map((e: any) => e.node.number)).toEqual(['CG-100004', 'CG-100003', 'CG-100002', 'CG-100001']);
    expect(body.errors?.length).toBeGreaterThan(0);
    const missing = body.errors!.find((e) => e.path?.join('.') === 'me.licenses');
    expect(missing).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect(missing!.message).toMatch(/subscription service is not answering/);
  });

  it('X1: without the order subgraph, the Dashboard keeps the account and its licenses, with the product name and order number each license was sold with; the orders are null', async () => {
    graph = await startTestGraph();
    await graph.stopSubgraph('order');
    const { body } = await graph.query(dashboard, {}, { as: dana.id });
    const me = body.data.me;
    expect(me).toMatchObject({ id: dana.id, orders: null });
    expect(me.licenses.map((l: any) => l.serialNumber).sort()).toEqual(['AV1M-3J7H-55TR-QQ0P', 'IS4D-88QW-ZX19-KLM2', 'MS7Q-4K2W-9PXC-31RA', 'TBB9-2M4N-7QW1-XY5Z']);
    for (const license of me.licenses) {
      // The subscription subgraph keeps what order.confirmed said and provides it (X1, @provides).
      expect(license.product.name).toEqual(expect.any(String));
      expect(license.state).toBeDefined();
    }
    const bySerial = Object.fromEntries(me.licenses.map((l: any) => [l.serialNumber, l]));
    expect(bySerial['MS7Q-4K2W-9PXC-31RA'].order).toMatchObject({ number: 'CG-100002' });
    expect(bySerial['TBB9-2M4N-7QW1-XY5Z'].order).toBeNull(); // a partner's license has no order here (A8)
    const paths = body.errors!.map((e) => e.path?.join('.'));
    expect(paths).toContain('me.orders');
    expect(paths.filter((p) => p?.startsWith('me.licenses'))).toEqual([]);
    expect(body.errors!.every((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE')).toBe(true);
  });
});
