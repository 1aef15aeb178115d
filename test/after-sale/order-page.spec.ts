import { randomUUID } from 'node:crypto';
import { BillingPeriod } from '../../kernel/billing-period';
import { DEMO } from '../../kernel/demo';
import { SUBGRAPH_NAMES } from '../../kernel/config';
import { Invoice } from '../../subgraphs/order/invoices/invoice.entity';
import { OrderItem } from '../../subgraphs/order/orders/order-item.entity';
import { Order, OrderKind, OrderState } from '../../subgraphs/order/orders/order.entity';
import { buildOrder, demoAddress } from '../../subgraphs/order/orders/order.seed';
import { PaymentKind } from '../../subgraphs/order/orders/payment-method.type';
import { Refund, RefundState } from '../../subgraphs/order/returns/refund.entity';
import { License, LicenseState, PurchaseChannel } from '../../subgraphs/subscription/licenses/license.entity';
import { LicenseTerm } from '../../subgraphs/subscription/licenses/license-term.entity';
import { startTestGraph, type TestGraph } from '../support/graph';
import { ADDRESSES } from '../store/support';
import { AFTER_SALE, placeOrder, run, type PlacedOrder } from './support';

const DAY = 86_400_000;
const ADDRESSES_QUERY = `query($id: ID!) { order(id: $id) { billingAddress { name line1 line2 city region postalCode country } shippingAddress { name line1 city postalCode country } invoice { billingAddress { name line1 } } } }`;

/** O9: the order information page through the gateway, for whoever may see it. */
describe('the order page (O9)', () => {
  let graph: TestGraph;
  let order: PlacedOrder;

  beforeAll(async () => {
    graph = await startTestGraph();
    order = await placeOrder(graph, {
      as: DEMO.accounts.dana.id,
      email: 'dana@example.com',
      lines: [{ productId: DEMO.products.maximumSecurity, quantity: 2 }, { productId: DEMO.products.internetSecurityBoxed, quantity: 1 }],
      billingAddress: ADDRESSES.texas,
      shipping: { shippingAddress: { ...ADDRESSES.texas, line2: 'Suite 400' }, shippingMethod: 'USPS_PRIORITY' },
    });
    await graph.drain(); // licenses issued (X2)
  });
  afterAll(() => graph.close());
  /** An order token lasts an hour and these tests move the clock by days: look the order up again. */
  const token = async () =>
    (await run(graph, AFTER_SALE.quickOrderLookup, { input: { orderNumber: order.number, orderPassword: order.password } })).lookupOrder.token as string;

  it('O9: OrderPage runs as written and every field resolves: state, items with price and tax, totals, payment method, payments, shipments, downloads, invoice, return deadline, refunds, licenses', async () => {
    graph.clock.advance(2 * DAY); // the parcel ships, the downloads are charged
    await graph.drain();
    const page = (await run(graph, AFTER_SALE.orderPage, { id: order.id }, { token: await token() })).order;
    expect(page).toMatchObject({ id: order.id, number: order.number, state: 'SHIPPED', chargeDescriptor: 'DRI*Commerce Graph', paymentMethod: { kind: 'CARD', brand: 'Visa', last4: '4242' } });
    expect(page.items).toHaveLength(2);
    for (const item of page.items) {
      expect(item.total.amount).toBe(item.unitPrice.amount * item.quantity + item.tax.amount);
    }
    expect(page.total.amount).toBe(page.subtotal.amount + page.shipping.amount + page.tax.amount);
    expect(page.payments.map((p: any) => p.kind)).toEqual(expect.arrayContaining(['AUTHORIZATION', 'CAPTURE']));
    expect(page.shipments).toEqual([expect.objectContaining({ method: 'USPS_PRIORITY', state: 'SHIPPED', trackingNumber: expect.any(String), items: [{ id: page.items[1].id }] })]);
    expect(page.downloads.map((d: any) => d.fileName).sort()).toEqual(['MaximumSecurity-2026-Setup.exe', 'MaximumSecurity-2026.dmg']);
    expect(page.invoice).toMatchObject({ number: expect.stringMatching(/^INV-/), pdfUrl: expect.stringContaining('/invoices/') });
    expect(new Date(page.returnableUntil).getTime()).toBe(new Date(page.placedAt).getTime() + 30 * DAY);
    expect(page.refunds).toEqual([]);
    expect(page.licenses).toHaveLength(3);
    expect(page.licenses[0]).toMatchObject({ serialNumber: expect.any(String), activationCode: expect.any(String), state: 'ACTIVE' });
  });

  it('O9: the owner and support see the addresses in full; an analyst sees them masked; the holder of the token too sees them in full', async () => {
    const owner = (await run(graph, ADDRESSES_QUERY, { id: order.id }, { as: DEMO.accounts.dana.id })).order;
    expect(owner.billingAddress).toEqual({ name: 'Dana Demo', line1: '100 Congress Ave', line2: null, city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' });
    expect(owner.shippingAddress).toMatchObject({ name: 'Dana Demo', line1: '100 Congress Ave' });
    expect((await run(graph, ADDRESSES_QUERY, { id: order.id }, { token: await token() })).order).toEqual(owner);
    expect((await run(graph, ADDRESSES_QUERY, { id: order.id }, { as: DEMO.accounts.support.id, roles: ['support'] })).order).toEqual(owner);
    const analyst = (await run(graph, ADDRESSES_QUERY, { id: order.id }, { as: DEMO.accounts.analyst.id, roles: ['analyst'] })).order;
    expect(analyst).toEqual({
      billingAddress: { name: 'D••• D•••', line1: '•••', line2: null, city: '•••', region: 'TX', postalCode: '78•••', country: 'US' },
      shippingAddress: { name: 'D••• D•••', line1: '•••', city: '•••', postalCode: '78•••', country: 'US' },
      invoice: { billingAddress: { name: 'D••• D•••', line1: '•••' } },
    });
    // The analyst reads the rest of the page as it is.
    const page = (await run(graph, AFTER_SALE.orderPage, { id: order.id }, { as: DEMO.accounts.analyst.id, roles: ['analyst'] })).order;
    expect(page.total.amount).toBeGreaterThan(0);
  });

  it('O8, O9: another account, a stranger and another order\'s token get null for the order, as for an order that does not exist', async () => {
    const stranger = await placeOrder(graph, { email: 'stranger@example.com' });
    for (const options of [{ as: DEMO.accounts.sam.id }, { token: stranger.token }]) {
      expect((await run(graph, AFTER_SALE.orderPage, { id: order.id }, options)).order).toBeNull();
      expect((await run(graph, AFTER_SALE.orderDetails, { id: order.id }, options)).order).toBeNull();
    }
    expect((await run(graph, AFTER_SALE.orderPage, { id: randomUUID() }, { as: DEMO.accounts.dana.id })).order).toBeNull();
    const anonymous = await graph.query(AFTER_SALE.orderPage, { id: order.id });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

/** O9 without N+1: the order page costs the same SQL statements for 2 items, refunds and licenses as for 20. */
describe('SQL statements per OrderPage request', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  /** An order of Dana's with `n` items, `n` refunds and `n` licenses, written straight into the databases. */
  async function orderWith(n: number): Promise<string> {
    const now = graph.clock.now();
    const built = buildOrder({
      id: randomUUID(),
      number: `CG-N${n}-${randomUUID().slice(0, 6)}`,
      invoiceNumber: `INV-N${n}-${randomUUID().slice(0, 6)}`,
      accountId: DEMO.accounts.dana.id,
      email: 'dana@example.com',
      kind: OrderKind.PURCHASE,
      state: OrderState.COMPLETED,
      placedAt: new Date(now.getTime() - 3 * DAY),
      productId: DEMO.products.maximumSecurity,
      taxBasisPoints: 825,
      payment: { kind: PaymentKind.CARD, brand: 'Visa', last4: '4242' },
      billing: demoAddress('Dana Demo'),
    });
    const products = [DEMO.products.maximumSecurity, DEMO.products.pcTuneUp, DEMO.products.antivirusAnnual, DEMO.products.internetSecurityAnnual];
    const items: OrderItem[] = Array.from({ length: n }, (_, i) => Object.assign(new OrderItem(), { ...built.item, id: randomUUID(), position: i, productId: products[i % products.length] }));
    const refunds = Array.from({ length: n }, (_, i) =>
      Object.assign(new Refund(), { id: randomUUID(), orderId: built.order.id, state: RefundState.REQUESTED, currency: 'USD', amountMinor: 100 + i, requestedAt: now, initiatedAt: null, expectedCreditBy: null, creditedAt: null }),
    );
    const licenses: License[] = [];
    const terms: LicenseTerm[] = [];
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      licenses.push(Object.assign(new License(), { id, accountId: DEMO.accounts.dana.id, serialNumber: `N${n}-${id.slice(0, 12)}`, activationCode: null, productId: DEMO.products.maximumSecurity, orderId: built.order.id, devices: 3, startsAt: now, expiresAt: new Date(now.getTime() + 365 * DAY), storedState: LicenseState.ACTIVE, autoRenew: false, billingPeriod: BillingPeriod.ANNUAL, purchaseChannel: PurchaseChannel.STORE, partnerName: null }));
      terms.push(Object.assign(new LicenseTerm(), { id: randomUUID(), licenseId: id, orderId: built.order.id, startsAt: now, expiresAt: new Date(now.getTime() + 365 * DAY) }));
    }
    const orders = graph.subgraphs.order.dataSource;
    await orders.getRepository(Order).insert(built.order);
    await orders.getRepository(OrderItem).insert(items);
    await orders.getRepository(Invoice).insert(built.invoice);
    await orders.getRepository(Refund).insert(refunds);
    await graph.subgraphs.subscription.dataSource.getRepository(License).insert(licenses);
    await graph.subgraphs.subscription.dataSource.getRepository(LicenseTerm).insert(terms);
    return built.order.id;
  }

  async function statementsFor(id: string) {
    const before = graph.sqlCounts();
    const { body } = await graph.query(AFTER_SALE.orderPage, { id }, { as: DEMO.accounts.dana.id });
    expect(body.errors).toBeUndefined();
    const after = graph.sqlCounts();
    const page = body.data.order;
    return { counts: Object.fromEntries(SUBGRAPH_NAMES.map((s) => [s, after[s] - before[s]])), sizes: [page.items.length, page.refunds.length, page.licenses.length, page.downloads.length > 0] };
  }

  it('O9: costs each subgraph the same statements for 2 items, refunds and licenses as for 20', async () => {
    const two = await statementsFor(await orderWith(2));
    const twenty = await statementsFor(await orderWith(20));
    expect(two.sizes).toEqual([2, 2, 2, true]);
    expect(twenty.sizes).toEqual([20, 20, 20, true]);
    expect(twenty.counts).toEqual(two.counts);
    // order: the order, its items, products, payments, shipments, files, invoice, refunds;
    // subscription: the order's paid terms, then their licenses.
    expect(two.counts).toEqual({ account: 0, order: 8, subscription: 2 });
  });
});
