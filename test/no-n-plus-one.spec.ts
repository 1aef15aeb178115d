import { SUBGRAPH_NAMES } from '../kernel/config';
import { seedVolume } from '../bench/volume';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

/**
 * X1 without N+1: every reference and relation goes through per-request DataLoaders, so the
 * Dashboard costs each subgraph the same number of SQL statements for 2 licenses and 2 orders
 * as for 20 and 20.
 */
describe('SQL statements per Dashboard request', () => {
  let graph: TestGraph;
  let small: string;
  let large: string;
  const dashboard = clientOperation('Dashboard');

  beforeAll(async () => {
    graph = await startTestGraph({ seedDemo: false });
    const databases = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, graph.subgraphs[n].dataSource])) as any;
    [small] = await seedVolume(databases, { accounts: 1, licenses: 2, orders: 2, tag: 'small' }, graph.clock.now());
    [large] = await seedVolume(databases, { accounts: 1, licenses: 20, orders: 20, tag: 'large' }, graph.clock.now());
  });
  afterAll(() => graph.close());

  /** GraphQL requests each subgraph has answered so far: the gateway's fetches to it. */
  async function fetchCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const name of SUBGRAPH_NAMES) {
      const { values } = await graph.subgraphs[name].metrics.graphqlDuration.get();
      counts[name] = values.filter((v: { metricName?: string }) => v.metricName?.endsWith('_count')).reduce((n: number, v: { value: number }) => n + v.value, 0);
    }
    return counts;
  }

  async function statementsFor(accountId: string, query = dashboard) {
    const before = graph.sqlCounts();
    const fetchesBefore = await fetchCounts();
    const { body } = await graph.query(query, { ordersFirst: 20 }, { as: accountId });
    expect(body.errors).toBeUndefined();
    const after = graph.sqlCounts();
    const fetchesAfter = await fetchCounts();
    return {
      counts: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, after[n] - before[n]])),
      fetches: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, fetchesAfter[n] - fetchesBefore[n]])),
      licenses: body.data.me.licenses?.length ?? body.data.me.orders.edges.reduce((n: number, e: any) => n + e.node.licenses.length, 0),
      orders: body.data.me.orders.edges.length,
    };
  }

  it('X1: costs each subgraph the same statements for 2 licenses and 2 orders as for 20 and 20', async () => {
    const two = await statementsFor(small);
    const twenty = await statementsFor(large);
    expect([two.licenses, two.orders]).toEqual([2, 2]);
    expect([twenty.licenses, twenty.orders]).toEqual([20, 20]);
    expect(twenty.counts).toEqual(two.counts);
    // The figures themselves: account 1 (me); subscription 1 (licenses, with the product names
    // and order numbers they keep); order: the page of orders, their invoices, their refunds.
    expect(two.counts).toEqual({ account: 1, order: 3, subscription: 1 });
  });

  it('X1: the Dashboard is three subgraph fetches: me, then licenses and orders side by side', async () => {
    const two = await statementsFor(small);
    const twenty = await statementsFor(large);
    // License.product { name } and License.order { number } come with the licenses (@provides):
    // no fetch to the order subgraph waits for them.
    expect(two.fetches).toEqual({ account: 1, order: 1, subscription: 1 });
    expect(twenty.fetches).toEqual(two.fetches);
  });

  it('O1, X1: Order.licenses (with each license\'s order) costs the same statements for 2 orders as for 20', async () => {
    const ORDER_LICENSES = `query($ordersFirst: Int) { me { orders(first: $ordersFirst) { edges { node { id number
      licenses { id serialNumber state expiresAt billingPeriod order { number } } } } } } }`;
    const two = await statementsFor(small, ORDER_LICENSES);
    const twenty = await statementsFor(large, ORDER_LICENSES);
    expect([two.licenses, two.orders]).toEqual([2, 2]);
    expect([twenty.licenses, twenty.orders]).toEqual([20, 20]);
    expect(twenty.counts).toEqual(two.counts);
    // account 1 (me); order: the page of orders; subscription: the orders' paid terms, then
    // their licenses (each with its order's number).
    expect(two.counts).toEqual({ account: 1, order: 1, subscription: 2 });
  });
});
