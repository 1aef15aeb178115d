import { DEMO } from '../../kernel/demo';
import { startTestGraph, type TestGraph } from '../support/graph';
import { CARDS, card } from '../store/support';
import { at, buySubscription, DAY, licenseOf, oneYearAfter, RENEW, renewalCharges } from './support';

/** S5: "Renew Subscription" by hand, as store.graphql sends it. */
describe('renewing by hand (S5)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  it('S5: a new order with the new card extends the same license from its expiry; with the plan on, the next renewal uses the new card', async () => {
    const { as, license } = await buySubscription(graph, { email: 'renew.hand@example.com', card: CARDS.declinesLater });
    const renewed = await graph.query(RENEW, { licenseId: license.id, payment: card(CARDS.mastercard) }, { as });
    const result = renewed.body.data.renewSubscription;
    expect(result.__typename).toBe('OrderConfirmation');
    expect(result.access.order.number).toMatch(/^CG-/);
    await graph.drain();
    const after = await licenseOf(graph, as, license.id);
    expect(after.serialNumber).toBe(license.serialNumber);
    expect(Date.parse(after.expiresAt)).toBe(oneYearAfter(license.expiresAt));
    // The card of the original purchase declines every later charge: the automatic renewal succeeds only with the new one.
    const expiresAt = Date.parse(after.expiresAt);
    await at(graph, expiresAt - 7 * DAY + 60_000);
    await at(graph, expiresAt - DAY + 60_000);
    const charges = await renewalCharges(graph, license.id);
    expect(charges.map((c) => c.state)).toEqual(['PAID', 'PAID']);
    const order = await graph.subgraphs.order.dataSource.query('SELECT cardLast4 FROM orders WHERE id = ?', [charges[1].orderId]);
    expect(order[0].cardLast4).toBe('4444');
  });

  it('S5, O4: a declined card is a typed error and the license is unchanged', async () => {
    const { as, license } = await buySubscription(graph, { email: 'renew.hand2@example.com' });
    const renewed = await graph.query(RENEW, { licenseId: license.id, payment: card(CARDS.expired) }, { as });
    expect(renewed.body.data.renewSubscription).toMatchObject({ __typename: 'PaymentDeclined', code: 'PAYMENT_DECLINED', reason: 'EXPIRED_CARD' });
    await graph.drain();
    expect((await licenseOf(graph, as, license.id)).expiresAt).toBe(license.expiresAt);
  });

  it('S5: a bad card number is a typed error; nothing is charged or written', async () => {
    const { as, license } = await buySubscription(graph, { email: 'renew.hand3@example.com' });
    const before = (await renewalCharges(graph, license.id)).length;
    const renewed = await graph.query(RENEW, { licenseId: license.id, payment: card('4242 4242 4242 4242') }, { as });
    expect(renewed.body.data.renewSubscription).toMatchObject({ __typename: 'RenewalError', code: 'CARD_NUMBER_NOT_DIGITS' });
    expect((await renewalCharges(graph, license.id)).length).toBe(before);
  });

  it("S5: someone else's license, or one that does not exist, is NOT_FOUND", async () => {
    const { license } = await buySubscription(graph, { email: 'renew.hand4@example.com' });
    for (const licenseId of [license.id, '00000000-0000-4000-a000-000000000bad']) {
      const renewed = await graph.query(RENEW, { licenseId, payment: card(CARDS.visa) }, { as: DEMO.accounts.dana.id });
      expect(renewed.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect((await renewalCharges(graph, license.id)).length).toBe(0);
  });

  it("A8, S5: a partner's license and a revoked one are typed errors", async () => {
    const dana = DEMO.accounts.dana.id;
    const partner = await graph.query(RENEW, { licenseId: DEMO.licenses.partner, payment: card(CARDS.visa) }, { as: dana });
    expect(partner.body.data.renewSubscription).toMatchObject({ __typename: 'RenewalError', code: 'LICENSE_FROM_PARTNER' });
    const { as, license } = await buySubscription(graph, { email: 'renew.hand5@example.com' });
    await graph.subgraphs.subscription.dataSource.query("UPDATE licenses SET storedState = 'REVOKED' WHERE id = ?", [license.id]);
    const revoked = await graph.query(RENEW, { licenseId: license.id, payment: card(CARDS.visa) }, { as });
    expect(revoked.body.data.renewSubscription).toMatchObject({ __typename: 'RenewalError', code: 'LICENSE_REVOKED' });
    expect((await licenseOf(graph, as, license.id)).nextRenewal).toBeNull();
    expect((await renewalCharges(graph, license.id)).length).toBe(0);
  });
});
