import { DEMO } from '../../kernel/demo';
import { startTestGraph, type TestGraph } from '../support/graph';
import { ADDRESSES, CARDS, card, shopper } from './support';

const P = DEMO.products;
const ORDER_LICENSES = `query($id: ID!) { order(id: $id) { number licenses { serialNumber activationCode devices expiresAt autoRenew state billingPeriod } } }`;
const MY_LICENSES = '{ me { licenses { serialNumber order { id } } orders(first: 5) { edges { node { id } } } } }';

/** X2 through the checkout: a placed order issues its licenses in the subscription subgraph, exactly once. */
describe('a placed order issues its licenses (O1, S1, X2)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    // Durable: the kill test restarts the subscription subgraph on the same database.
    graph = await startTestGraph({ durable: true });
  });
  afterAll(() => graph.close());

  async function buy(lines: Array<Record<string, unknown>>, as?: string, details: Record<string, unknown> = { billingAddress: ADDRESSES.texas }) {
    const s = shopper(graph, as);
    const cart = await s.add(lines);
    await s.details(cart.id, { email: 'sam@example.com', ...details });
    const placed = await s.place(cart.id, card(CARDS.visa));
    expect(placed.__typename).toBe('OrderConfirmation');
    return placed;
  }

  it('X2: a signed-in buyer sees the new licenses in me.licenses and me.orders; the order lists them; an add-on issues none', async () => {
    const sam = DEMO.accounts.sam.id;
    const placed = await buy(
      [{ productId: P.maximumSecurity, quantity: 2, autoRenew: true }, { productId: P.pcTuneUp, quantity: 1 }, { productId: P.internetSecurityBoxed, quantity: 1 }],
      sam,
      { billingAddress: ADDRESSES.texas, shippingAddress: ADDRESSES.texas, shippingMethod: 'USPS_FIRST_CLASS' },
    );
    await graph.drain();
    const { body } = await graph.query(ORDER_LICENSES, { id: placed.access.order.id }, { as: sam });
    const licenses = body.data.order.licenses as any[];
    expect(licenses).toHaveLength(4);
    const annual = licenses.filter((l) => l.billingPeriod === 'ANNUAL' && l.devices === 3);
    expect(annual).toHaveLength(2);
    for (const license of annual) {
      expect(license).toMatchObject({ autoRenew: true, state: 'ACTIVE' });
      expect(new Date(license.expiresAt).toISOString()).toBe(new Date(Date.UTC(2027, 10, 18, 15, 0, 0)).toISOString());
      expect(license.serialNumber).not.toMatch(/^T/); // A8: only partner serials start with "T".
    }
    expect(licenses.find((l) => l.billingPeriod === null)).toMatchObject({ expiresAt: null, state: 'ACTIVE', autoRenew: false });
    const mine = (await graph.query(MY_LICENSES, {}, { as: sam })).body.data.me;
    expect(mine.licenses.filter((l: any) => l.order?.id === placed.access.order.id)).toHaveLength(4);
    expect(mine.orders.edges.map((e: any) => e.node.id)).toContain(placed.access.order.id);
  });

  it('A2, O8: a guest\'s licenses belong to no account: the order token sees them, and registering an activation code binds one', async () => {
    const placed = await buy([{ productId: P.antivirusAnnual, quantity: 1 }]);
    await graph.drain();
    const { body } = await graph.query(ORDER_LICENSES, { id: placed.access.order.id }, { token: placed.access.token });
    const [license] = body.data.order.licenses;
    expect(license.activationCode).toMatch(/^AC-/);
    const registered = await graph.query(
      'mutation($input: RegisterProductInput!) { registerProduct(input: $input) { __typename ... on ProductRegistration { accountCreated } } }',
      { input: { activationCode: license.activationCode, email: 'new.guest@example.com', password: 'a long enough passphrase' } },
    );
    expect(registered.body.data.registerProduct).toEqual({ __typename: 'ProductRegistration', accountCreated: true });
    await graph.drain();
  });

  it('X2: killed between the order and its licenses, the subscription subgraph issues them exactly once when it returns', async () => {
    await graph.stopSubgraph('subscription');
    const placed = await buy([{ productId: P.internetSecurityAnnual, quantity: 3 }], DEMO.accounts.dana.id);
    await graph.drain(); // the relay tries, fails, and waits to retry
    await graph.restartSubgraph('subscription');
    graph.clock.advance(60_000);
    await graph.drain();
    const count = async () => Number((await graph.subgraphs.subscription.dataSource.query('SELECT COUNT(*) AS n FROM licenses WHERE orderId = ?', [placed.access.order.id]))[0].n);
    expect(await count()).toBe(3);
    // A delivery repeated after that (a relay that lost the acknowledgement) changes nothing.
    await graph.subgraphs.order.dataSource.query("UPDATE outbox_deliveries SET status = 'PENDING', nextAttemptAt = ? WHERE consumer = 'subscription'", [graph.clock.now()]);
    await graph.drain();
    expect(await count()).toBe(3);
  });
});
