import { randomUUID } from 'node:crypto';
import { BillingPeriod } from '../../kernel/billing-period';
import { DEMO } from '../../kernel/demo';
import { DeliveryStatus, HandledEvent, OutboxDelivery, OutboxEvent } from '../../kernel/outbox/outbox.entities';
import { REFUND_INITIATED } from '../../subgraphs/events';
import { Invoice } from '../../subgraphs/order/invoices/invoice.entity';
import { OrderItem } from '../../subgraphs/order/orders/order-item.entity';
import { Order, OrderKind, OrderState } from '../../subgraphs/order/orders/order.entity';
import { buildOrder, demoAddress } from '../../subgraphs/order/orders/order.seed';
import { PaymentKind } from '../../subgraphs/order/orders/payment-method.type';
import { License, LicenseState, PurchaseChannel } from '../../subgraphs/subscription/licenses/license.entity';
import { LicenseTerm } from '../../subgraphs/subscription/licenses/license-term.entity';
import { startTestGraph, type TestGraph } from '../support/graph';
import { clientOperation } from '../support/operations';
import { placeOrder, run } from './support';

const DAY = 86_400_000;
const REQUEST_RETURN = clientOperation('RequestReturn');
const ITEMS = `query($id: ID!) { order(id: $id) { items { id } licenses { id } } }`;
const MY_LICENSES = `{ me { licenses { id orderId state autoRenew expiresAt } } }`;

/** O12, S6, X2: what a refund does in the subscription subgraph, through the outbox. */
describe('what a refund does elsewhere (O12, S6, X2)', () => {
  let graph: TestGraph;
  const dana = DEMO.accounts.dana.id;

  beforeAll(async () => {
    // Durable: the kill test restarts the subscription subgraph on the same database.
    graph = await startTestGraph({ durable: true });
  });
  afterAll(() => graph.close());

  const licensesOf = async (orderId: string) => ((await run(graph, MY_LICENSES, {}, { as: dana })).me.licenses as any[]).filter((l) => l.orderId === orderId);
  const refundEvent = async (orderId: string) => graph.subgraphs.order.dataSource.getRepository(OutboxEvent).findOneByOrFail({ type: REFUND_INITIATED, aggregateId: orderId });
  const deliveryOf = (eventId: string) => graph.subgraphs.order.dataSource.getRepository(OutboxDelivery).findOneByOrFail({ eventId, consumer: 'subscription' });

  it('X2: the subscription subgraph is killed when the refund is initiated: the returned units are revoked once it is back, exactly once', async () => {
    const order = await placeOrder(graph, { as: dana, email: 'dana@example.com', lines: [{ productId: DEMO.products.maximumSecurity, quantity: 3, autoRenew: true }] });
    await graph.drain(); // three licenses issued
    const item = (await run(graph, ITEMS, { id: order.id }, { as: dana })).order.items[0];
    expect((await licensesOf(order.id)).map((l) => l.state)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);

    await graph.stopSubgraph('subscription');
    const refund = (await run(graph, REQUEST_RETURN, { input: { orderId: order.id, items: [{ orderItemId: item.id, quantity: 2 }] } }, { as: dana })).requestReturn;
    expect(refund).toMatchObject({ __typename: 'Refund', state: 'INITIATED' }); // the order subgraph alone decides
    const event = await refundEvent(order.id);
    expect(JSON.parse(event.payload)).toMatchObject({ refundId: refund.id, orderId: order.id, items: [{ orderItemId: item.id, units: [2, 3] }] });
    expect(await graph.subgraphs.order.relay.deliverDue()).toMatchObject({ delivered: 0, failed: 1 });
    expect(await deliveryOf(event.id)).toMatchObject({ status: DeliveryStatus.PENDING, attempts: 1 });

    await graph.restartSubgraph('subscription');
    graph.clock.advance(1_000);
    await graph.drain();
    expect(await deliveryOf(event.id)).toMatchObject({ status: DeliveryStatus.DELIVERED });
    const stored = await graph.subgraphs.subscription.dataSource.getRepository(License).find({ where: { orderId: order.id }, order: { orderItemUnit: 'ASC' } });
    expect(stored.map((l) => [l.orderItemUnit, l.storedState, l.autoRenew])).toEqual([
      [1, LicenseState.ACTIVE, true],
      [2, LicenseState.REVOKED, false],
      [3, LicenseState.REVOKED, false],
    ]);

    // The acknowledgement was lost: delivered again, nothing changes and the event is recorded once.
    await graph.subgraphs.order.dataSource.getRepository(OutboxDelivery).update({ eventId: event.id }, { status: DeliveryStatus.PENDING, nextAttemptAt: graph.clock.now() });
    await graph.drain();
    expect(await graph.subgraphs.subscription.dataSource.getRepository(HandledEvent).countBy({ eventId: event.id })).toBe(1);
    const again = await graph.subgraphs.subscription.dataSource.getRepository(License).find({ where: { orderId: order.id }, order: { orderItemUnit: 'ASC' } });
    expect(again).toEqual(stored);
  });

  it('O12, S6: refunding an Auto-Renewal renewal turns the plan off and takes the renewed term back; the license stays active for what was paid before', async () => {
    const now = graph.clock.now();
    const firstOrderId = randomUUID();
    const renewalId = randomUUID();
    const licenseId = randomUUID();
    const firstEnd = new Date(now.getTime() + 5 * DAY); // renewed just before expiry
    const renewedEnd = new Date(firstEnd.getTime() + 365 * DAY);
    const renewal = buildOrder({
      id: renewalId,
      number: 'CG-RENEW01',
      invoiceNumber: 'INV-RENEW01',
      accountId: dana,
      kind: OrderKind.RENEWAL,
      email: 'dana@example.com',
      state: OrderState.COMPLETED,
      placedAt: new Date(now.getTime() - 2 * DAY),
      productId: DEMO.products.maximumSecurity,
      taxBasisPoints: 825,
      payment: { kind: PaymentKind.CARD, brand: 'Visa', last4: '4242' },
      billing: demoAddress('Dana Demo'),
    });
    const orders = graph.subgraphs.order.dataSource;
    await orders.getRepository(Order).insert(renewal.order);
    await orders.getRepository(OrderItem).insert(renewal.item);
    await orders.getRepository(Invoice).insert(renewal.invoice);
    const subscriptions = graph.subgraphs.subscription.dataSource;
    await subscriptions.getRepository(License).insert(
      Object.assign(new License(), {
        id: licenseId,
        accountId: dana,
        serialNumber: `RN-${licenseId.slice(0, 12)}`,
        activationCode: null,
        productId: DEMO.products.maximumSecurity,
        orderId: firstOrderId,
        orderItemId: randomUUID(),
        orderItemUnit: 1,
        devices: 3,
        startsAt: new Date(firstEnd.getTime() - 365 * DAY),
        expiresAt: renewedEnd,
        storedState: LicenseState.ACTIVE,
        autoRenew: true,
        billingPeriod: BillingPeriod.ANNUAL,
        purchaseChannel: PurchaseChannel.STORE,
        partnerName: null,
      }),
    );
    await subscriptions.getRepository(LicenseTerm).insert([
      { id: randomUUID(), licenseId, orderId: firstOrderId, startsAt: new Date(firstEnd.getTime() - 365 * DAY), expiresAt: firstEnd },
      { id: randomUUID(), licenseId, orderId: renewalId, startsAt: firstEnd, expiresAt: renewedEnd },
    ]);
    expect((await run(graph, ITEMS, { id: renewalId }, { as: dana })).order.licenses).toEqual([{ id: licenseId }]);

    const refund = (await run(graph, REQUEST_RETURN, { input: { orderId: renewalId, reason: 'I did not want it renewed' } }, { as: dana })).requestReturn;
    expect(refund).toMatchObject({ __typename: 'Refund', state: 'INITIATED', amount: { amount: renewal.order.totalAmount } });
    await graph.drain();

    const [license] = (await run(graph, MY_LICENSES, {}, { as: dana })).me.licenses.filter((l: any) => l.id === licenseId);
    expect(license).toEqual({ id: licenseId, orderId: firstOrderId, state: 'ACTIVE', autoRenew: false, expiresAt: firstEnd.toISOString() });
    expect(await subscriptions.getRepository(LicenseTerm).countBy({ licenseId })).toBe(1);
    expect((await run(graph, ITEMS, { id: renewalId }, { as: dana })).order.licenses).toEqual([]);
  });
});
