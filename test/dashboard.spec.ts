import { DEMO } from '../kernel/demo';
import { addBusinessDays } from '../kernel/business-days';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

/** X1: one query through the gateway returns an account's licenses, orders, invoices and refunds. */
describe('Dashboard through the gateway (X1)', () => {
  let graph: TestGraph;
  const dashboard = clientOperation('Dashboard');
  const dana = DEMO.accounts.dana;

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  it('X1: runs as the web portal sends it and returns the demo account from all three subgraphs', async () => {
    const { status, body } = await graph.query(dashboard, {}, { as: dana.id });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const me = body.data.me;
    expect(me).toMatchObject({ id: dana.id, email: dana.email });

    // Licenses (subscription subgraph) with product names and orders (order subgraph).
    const bySerial = Object.fromEntries(me.licenses.map((l: any) => [l.serialNumber, l]));
    expect(Object.keys(bySerial)).toHaveLength(4);
    expect(bySerial['MS7Q-4K2W-9PXC-31RA']).toMatchObject({
      state: 'ACTIVE',
      autoRenew: true,
      product: { id: DEMO.products.maximumSecurity, name: 'Maximum Security (1 year, 3 devices)' },
      order: { id: DEMO.orders.download, number: 'CG-100002' },
    });
    expect(bySerial['AV1M-3J7H-55TR-QQ0P']).toMatchObject({ state: 'EXPIRED', autoRenew: false, order: { number: 'CG-100001' } });
    // A8: a partner serial starts with "T" and has no order in this store.
    expect(bySerial['TBB9-2M4N-7QW1-XY5Z']).toMatchObject({ state: 'ACTIVE', order: null });

    // Orders (order subgraph), newest first, with invoice and refund state.
    const orders = me.orders.edges.map((e: any) => e.node);
    expect(orders.map((o: any) => o.number)).toEqual(['CG-100004', 'CG-100003', 'CG-100002', 'CG-100001']);
    expect(me.orders.pageInfo).toEqual({ hasNextPage: false, endCursor: me.orders.edges[3].cursor });
    const physical = orders[0];
    expect(physical).toMatchObject({ state: 'SHIPPED', total: { amount: 7385, currencyCode: 'USD' }, invoice: { number: 'INV-100004' } });
    expect(physical.refunds).toHaveLength(1);
    const refund = physical.refunds[0];
    expect(refund).toMatchObject({ state: 'INITIATED', amount: { amount: 7385, currencyCode: 'USD' } });
    // O12: credited within 7 business days of initiation, initiated two days before the seed day.
    const initiated = new Date('2026-11-16T00:00:00.000Z');
    expect(refund.expectedCreditBy).toBe(addBusinessDays(initiated, 7).toISOString());
    expect(orders[1]).toMatchObject({ number: 'CG-100003', refunds: [] });
  });

  it('A8: a partner license says whom to ask about billing; store licenses say the store', async () => {
    const { body } = await graph.query('{ me { licenses { serialNumber purchaseChannel partnerName billingContact } } }', {}, { as: dana.id });
    const bySerial = Object.fromEntries(body.data.me.licenses.map((l: any) => [l.serialNumber, l]));
    expect(bySerial['TBB9-2M4N-7QW1-XY5Z']).toMatchObject({ purchaseChannel: 'RETAIL_PARTNER', partnerName: 'Best Buy', billingContact: 'Best Buy' });
    expect(bySerial['MS7Q-4K2W-9PXC-31RA']).toMatchObject({ purchaseChannel: 'STORE', partnerName: null, billingContact: 'Customer service of this store' });
  });

  it('X1: pages through orders with first/after, newest first', async () => {
    const first = await graph.query(dashboard, { ordersFirst: 3 }, { as: dana.id });
    const page1 = first.body.data.me.orders;
    expect(page1.edges.map((e: any) => e.node.number)).toEqual(['CG-100004', 'CG-100003', 'CG-100002']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await graph.query(dashboard, { ordersFirst: 3, ordersAfter: page1.pageInfo.endCursor }, { as: dana.id });
    const page2 = second.body.data.me.orders;
    expect(page2.edges.map((e: any) => e.node.number)).toEqual(['CG-100001']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('a page of orders carries its nodes and a full PageInfo (Relay connections)', async () => {
    const page = `query Page($first: Int, $after: String) { me { orders(first: $first, after: $after) {
      edges { cursor node { id } } nodes { id number } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;
    const one = (await graph.query(page, { first: 2 }, { as: dana.id })).body.data.me.orders;
    expect(one.nodes.map((n: any) => n.number)).toEqual(['CG-100004', 'CG-100003']);
    expect(one.nodes.map((n: any) => n.id)).toEqual(one.edges.map((e: any) => e.node.id));
    expect(one.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: one.edges[0].cursor, endCursor: one.edges[1].cursor });
    const two = (await graph.query(page, { first: 2, after: one.pageInfo.endCursor }, { as: dana.id })).body.data.me.orders;
    expect(two.nodes.map((n: any) => n.number)).toEqual(['CG-100002', 'CG-100001']);
    expect(two.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: two.edges[0].cursor, endCursor: two.edges[1].cursor });
    const none = (await graph.query(page, { first: 0 }, { as: dana.id })).body.data.me.orders;
    expect(none).toEqual({ edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });

  it('rejects a page size out of bounds and a forged cursor with BAD_USER_INPUT', async () => {
    const big = await graph.query(dashboard, { ordersFirst: 101 }, { as: dana.id });
    expect(big.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const forged = await graph.query(dashboard, { ordersAfter: 'not-a-cursor' }, { as: dana.id });
    expect(forged.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('shows each account only its own licenses and orders', async () => {
    const { body } = await graph.query(dashboard, {}, { as: DEMO.accounts.sam.id });
    expect(body.errors).toBeUndefined();
    expect(body.data.me.email).toBe('sam@example.com');
    expect(body.data.me.licenses.map((l: any) => l.serialNumber)).toEqual(['MS2B-6T9Y-1QAZ-77WS']);
    expect(body.data.me.orders.edges.map((e: any) => e.node.number)).toEqual(['CG-100005']);
  });

  it('answers an anonymous caller with UNAUTHENTICATED and no data', async () => {
    const { body } = await graph.query(dashboard);
    expect(body.data?.me ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('S1: a license turns EXPIRED when the clock passes its expiry', async () => {
    graph.clock.advance(400 * 24 * 3600 * 1000);
    const { body } = await graph.query(dashboard, {}, { as: dana.id });
    graph.clock.advance(-400 * 24 * 3600 * 1000);
    const auto = body.data.me.licenses.find((l: any) => l.serialNumber === 'MS7Q-4K2W-9PXC-31RA');
    expect(auto.state).toBe('EXPIRED');
  });
});
