import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DEMO } from '../kernel/demo';
import { DeliveryStatus, HandledEvent, OutboxDelivery } from '../kernel/outbox/outbox.entities';
import { Outbox } from '../kernel/outbox/outbox';
import { Invoice } from '../subgraphs/order/invoices/invoice.entity';
import { Order, OrderKind, OrderState } from '../subgraphs/order/orders/order.entity';
import { OrderItem } from '../subgraphs/order/orders/order-item.entity';
import { buildOrder, demoAddress } from '../subgraphs/order/orders/order.seed';
import { demoProduct } from '../subgraphs/order/catalog/catalog.seed';
import { PaymentKind } from '../subgraphs/order/orders/payment-method.type';
import { EVENT_ROUTES, ORDER_CONFIRMED, type OrderConfirmed } from '../subgraphs/events';
import { License } from '../subgraphs/subscription/licenses/license.entity';
import { ACTIVATION_CODE_PATTERN, STORE_SERIAL_PATTERN, randomLicenseCodes, type LicenseCodeSource } from '../subgraphs/subscription/licenses/license-codes';
import { LicenseTerm } from '../subgraphs/subscription/licenses/license-term.entity';
import { LicenseService } from '../subgraphs/subscription/licenses/license.service';
import { onMysql } from './support/database';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

const MAXIMUM_SECURITY = demoProduct(DEMO.products.maximumSecurity); // annual, with the Auto-Renewal Plan
const ANTIVIRUS_MONTHLY = demoProduct(DEMO.products.antivirusMonthly);
/** A one-off product: its license is perpetual. */
const PASSWORD_MANAGER = demoProduct(DEMO.products.pcTuneUp);

const LICENSES = `{ me { licenses { id serialNumber activationCode orderId devices startsAt expiresAt autoRenew billingPeriod
  purchaseChannel state billingContact product { id name } order { id number } } } }`;
const ORDER_LICENSES = '{ me { orders(first: 50) { edges { node { id number licenses { id serialNumber expiresAt state } } } } } }';
const REGISTER = `mutation($input: RegisterProductInput!) { registerProduct(input: $input) {
  __typename ... on ProductRegistration { accountCreated licenseId } ... on ErrorResult { code message } } }`;

interface Line {
  product: ReturnType<typeof demoProduct>;
  quantity: number;
  devices: number;
  autoRenew: boolean;
}

/** O1, S1, X2 through the gateway: the order subgraph's order.confirmed event issues the licenses. */
describe('a confirmed order issues its licenses, exactly once (O1, S1, A2, A8, X2)', () => {
  let graph: TestGraph;
  let outbox: Outbox;
  let orderCount = 0;

  beforeAll(async () => {
    // Durable: the kill test restarts the subscription subgraph on the same database.
    graph = await startTestGraph({ durable: true });
    outbox = new Outbox(graph.clock, EVENT_ROUTES);
  });
  afterAll(() => graph.close());

  /**
   * What checkout does once the payment is secured: the order and its event in one
   * transaction of the order subgraph. A guest's order is not stored here (guest checkout lands
   * with the store); only its event is written.
   */
  async function confirmOrder(accountId: string | null, lines: Line[], confirmedAt = graph.clock.now()) {
    orderCount += 1;
    const orderId = randomUUID();
    const number = `CG-7${String(orderCount).padStart(5, '0')}`;
    const items = lines.map((line) =>
      Object.assign(new OrderItem(), {
        id: randomUUID(),
        orderId,
        productId: line.product.id,
        quantity: line.quantity,
        currency: 'USD',
        unitPriceAmount: line.product.usd,
        taxAmount: 0,
        totalAmount: line.product.usd * line.quantity,
      }),
    );
    const payload: OrderConfirmed = {
      orderId,
      orderNumber: number,
      accountId,
      confirmedAt: confirmedAt.toISOString(),
      lines: lines.map((line, i) => ({
        orderItemId: items[i].id,
        productId: line.product.id,
        productName: line.product.name,
        quantity: line.quantity,
        devices: line.devices,
        term: line.product.term,
        autoRenew: line.autoRenew,
      })),
    };
    const eventId = await graph.subgraphs.order.dataSource.transaction(async (manager) => {
      if (accountId) {
        const built = buildOrder({
          id: orderId,
          number,
          invoiceNumber: `INV-7${String(orderCount).padStart(5, '0')}`,
          accountId,
          kind: OrderKind.PURCHASE,
          email: 'sam@example.com',
          state: OrderState.COMPLETED,
          placedAt: confirmedAt,
          productId: lines[0].product.id,
          taxBasisPoints: 0,
          payment: { kind: PaymentKind.CARD, brand: 'Visa', last4: '4242' },
          billing: demoAddress('Sam Sample'),
        });
        await manager.insert(Order, built.order);
        await manager.insert(OrderItem, items);
        await manager.insert(Invoice, built.invoice);
      }
      return publish(manager, payload);
    });
    return { orderId, number, items: items.map((i) => i.id), payload, eventId };
  }

  const publish = (manager: EntityManager, payload: OrderConfirmed) =>
    outbox.publish(manager, { type: ORDER_CONFIRMED, aggregateType: 'order', aggregateId: payload.orderId, payload: { ...payload } });

  const licensesOf = async (accountId: string, orderId?: string) => {
    const { body } = await graph.query(LICENSES, {}, { as: accountId });
    expect(body.errors).toBeUndefined();
    return (body.data.me.licenses as any[]).filter((l) => !orderId || l.orderId === orderId);
  };
  const storedFor = (orderId: string) => graph.subgraphs.subscription.dataSource.getRepository(License).find({ where: { orderId }, order: { orderItemUnit: 'ASC' } });
  const deliveryOf = (eventId: string) => graph.subgraphs.order.dataSource.getRepository(OutboxDelivery).findOneByOrFail({ eventId, consumer: 'subscription' });
  const sam = DEMO.accounts.sam.id;

  it('O1, S1: the buyer gets one license per unit: new serials and activation codes, devices, a term of one year or one month, autoRenew', async () => {
    const confirmedAt = graph.clock.now(); // 2026-11-18T15:00:00.000Z
    const { orderId, number, items } = await confirmOrder(sam, [
      { product: MAXIMUM_SECURITY, quantity: 3, devices: 3, autoRenew: true },
      { product: ANTIVIRUS_MONTHLY, quantity: 1, devices: 1, autoRenew: false },
    ]);
    expect(await licensesOf(sam, orderId)).toEqual([]); // not delivered yet
    await graph.drain();

    const licenses = await licensesOf(sam, orderId);
    expect(licenses).toHaveLength(4);
    // Soonest expiry first: the monthly one, then the three annual ones.
    expect(licenses[0]).toMatchObject({
      devices: 1,
      startsAt: confirmedAt.toISOString(),
      expiresAt: '2026-12-18T15:00:00.000Z',
      billingPeriod: 'MONTHLY',
      autoRenew: false,
      state: 'ACTIVE',
      purchaseChannel: 'STORE',
      product: { id: ANTIVIRUS_MONTHLY.id, name: ANTIVIRUS_MONTHLY.name },
      order: { id: orderId, number },
    });
    for (const annual of licenses.slice(1)) {
      expect(annual).toMatchObject({
        devices: 3,
        startsAt: confirmedAt.toISOString(),
        expiresAt: '2027-11-18T15:00:00.000Z',
        billingPeriod: 'ANNUAL',
        autoRenew: true,
        state: 'ACTIVE',
        purchaseChannel: 'STORE',
        billingContact: 'Customer service of this store',
        product: { id: MAXIMUM_SECURITY.id },
        order: { id: orderId, number },
      });
    }
    // S1, A8: each license its own serial number and activation code, in the store's shapes, never a "T" serial.
    for (const l of licenses) {
      expect(l.serialNumber).toMatch(STORE_SERIAL_PATTERN);
      expect(l.serialNumber.startsWith('T')).toBe(false);
      expect(l.activationCode).toMatch(ACTIVATION_CODE_PATTERN);
    }
    expect(new Set(licenses.map((l) => l.serialNumber)).size).toBe(4);
    expect(new Set(licenses.map((l) => l.activationCode)).size).toBe(4);

    // Each license names its order line and unit (returns revoke by item), and its first paid term names the order.
    const stored = await storedFor(orderId);
    expect(stored.map((l) => [l.orderItemId, l.orderItemUnit]).sort()).toEqual(
      [[items[0], 1], [items[0], 2], [items[0], 3], [items[1], 1]].sort(),
    );
    const terms = await graph.subgraphs.subscription.dataSource.getRepository(LicenseTerm).findBy({ orderId });
    expect(terms).toHaveLength(4);
    for (const term of terms) {
      const license = stored.find((l) => l.id === term.licenseId)!;
      expect([term.startsAt, term.expiresAt]).toEqual([license.startsAt, license.expiresAt]);
    }
  });

  it('O1: Order.licenses lists the licenses the order issued', async () => {
    const { orderId, number } = await confirmOrder(sam, [{ product: MAXIMUM_SECURITY, quantity: 2, devices: 3, autoRenew: false }]);
    await graph.drain();
    const { body } = await graph.query(ORDER_LICENSES, {}, { as: sam });
    expect(body.errors).toBeUndefined();
    const node = body.data.me.orders.edges.map((e: any) => e.node).find((o: any) => o.number === number);
    const serials = (await licensesOf(sam, orderId)).map((l) => l.serialNumber).sort();
    expect(node.licenses.map((l: any) => l.serialNumber).sort()).toEqual(serials);
    expect(node.licenses.every((l: any) => l.state === 'ACTIVE' && l.expiresAt === '2027-11-18T15:00:00.000Z')).toBe(true);
  });

  it('O1: a term confirmed on the 31st ends on the last day of a shorter month', async () => {
    const { orderId } = await confirmOrder(sam, [{ product: ANTIVIRUS_MONTHLY, quantity: 1, devices: 1, autoRenew: true }], new Date('2026-10-31T12:00:00.000Z'));
    await graph.drain();
    expect(await licensesOf(sam, orderId)).toEqual([expect.objectContaining({ expiresAt: '2026-11-30T12:00:00.000Z', autoRenew: true, state: 'ACTIVE' })]);
  });

  it('S1: a one-off product gives a perpetual license: no expiry, no billing period, ACTIVE, listed after the licenses that expire', async () => {
    const { orderId } = await confirmOrder(sam, [{ product: PASSWORD_MANAGER, quantity: 1, devices: 1, autoRenew: false }]);
    await graph.drain();
    const [perpetual] = await licensesOf(sam, orderId);
    expect(perpetual).toMatchObject({ expiresAt: null, billingPeriod: null, autoRenew: false, state: 'ACTIVE', product: { name: PASSWORD_MANAGER.name } });
    const all = await licensesOf(sam);
    expect(all[all.length - 1].id).toBe(perpetual.id);
    const [term] = await graph.subgraphs.subscription.dataSource.getRepository(LicenseTerm).findBy({ orderId });
    expect(term.expiresAt).toBeNull();
  });

  it('A2: a guest order issues licenses bound to nobody; registering one activation code binds that license to the new account', async () => {
    const { orderId } = await confirmOrder(null, [{ product: MAXIMUM_SECURITY, quantity: 2, devices: 3, autoRenew: false }]);
    await graph.drain();
    const [first, second] = await storedFor(orderId);
    expect([first.accountId, second.accountId]).toEqual([null, null]);
    expect(await licensesOf(sam, orderId)).toEqual([]);

    const registered = await graph.query(REGISTER, { input: { activationCode: first.activationCode, email: 'guest.buyer@example.com', password: 'a long enough passphrase' } });
    expect(registered.body.data.registerProduct).toEqual({ __typename: 'ProductRegistration', accountCreated: true, licenseId: first.id });
    await graph.drain();

    const session = (await graph.query(clientOperation('SignIn'), { email: 'guest.buyer@example.com', password: 'a long enough passphrase' })).body.data.signIn;
    const { body } = await graph.query(LICENSES, {}, { token: session.accessToken });
    expect(body.data.me.licenses).toEqual([expect.objectContaining({ id: first.id, serialNumber: first.serialNumber, orderId, expiresAt: '2027-11-18T15:00:00.000Z', state: 'ACTIVE' })]);
    // X1, O8: the product's name as sold comes with the license; a guest's order is read only
    // with its order token (or by staff), so the account that registered the code does not see it.
    expect(body.data.me.licenses[0]).toMatchObject({ product: { id: MAXIMUM_SECURITY.id, name: MAXIMUM_SECURITY.name }, order: null });
    expect((await storedFor(orderId))[1].accountId).toBeNull(); // the other unit waits for its own registration
  });

  it('X2: the subscription subgraph is down when the order is confirmed: retried with backoff, issued once when it is back; a duplicate delivery and a re-sent event change nothing', async () => {
    const { orderId, eventId, payload } = await confirmOrder(sam, [{ product: MAXIMUM_SECURITY, quantity: 2, devices: 3, autoRenew: true }]);
    await graph.stopSubgraph('subscription');

    // The relay tries, fails, and schedules a retry after the first backoff step (1 s).
    expect(await graph.subgraphs.order.relay.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    const failedAt = graph.clock.now();
    expect(await deliveryOf(eventId)).toMatchObject({
      status: DeliveryStatus.PENDING,
      attempts: 1,
      nextAttemptAt: new Date(failedAt.getTime() + 1000),
      lastError: expect.any(String),
    });
    expect(graph.logs.some((l) => l.msg === 'event delivery failed' && l.eventId === eventId)).toBe(true);

    // Back on the same database; the retry is not due before its time.
    await graph.restartSubgraph('subscription');
    await graph.drain();
    expect(await storedFor(orderId)).toEqual([]);

    graph.clock.advance(1000);
    await graph.drain();
    const issued = await licensesOf(sam, orderId);
    expect(issued).toHaveLength(2);
    expect(await deliveryOf(eventId)).toMatchObject({ status: DeliveryStatus.DELIVERED, attempts: 2, lastError: null });

    // The acknowledgement is lost: the same event is delivered again.
    await graph.subgraphs.order.dataSource.getRepository(OutboxDelivery).update({ eventId }, { status: DeliveryStatus.PENDING, nextAttemptAt: graph.clock.now() });
    await graph.drain();
    expect((await deliveryOf(eventId)).status).toBe(DeliveryStatus.DELIVERED);
    // The order subgraph confirms the order again (a new event id): each unit already has its license.
    const resent = await graph.subgraphs.order.dataSource.transaction((m) => publish(m, payload));
    await graph.drain();
    expect(await graph.subgraphs.subscription.dataSource.getRepository(HandledEvent).countBy({ eventId: resent })).toBe(1);

    const after = await licensesOf(sam, orderId);
    expect(after.map((l) => [l.id, l.serialNumber, l.activationCode])).toEqual(issued.map((l) => [l.id, l.serialNumber, l.activationCode]));
    expect(await graph.subgraphs.subscription.dataSource.getRepository(LicenseTerm).countBy({ orderId })).toBe(2);
  });

  describe('issuing in the service (S1: unique codes)', () => {
    /** Draws the given codes first, then random ones. */
    const scripted = (serials: string[], codes: string[]): LicenseCodeSource => ({
      serialNumber: () => serials.shift() ?? randomLicenseCodes.serialNumber(),
      activationCode: () => codes.shift() ?? randomLicenseCodes.activationCode(),
    });
    const serviceWith = (codes: LicenseCodeSource) =>
      new LicenseService(graph.subgraphs.subscription.dataSource, { clock: graph.clock, log: graph.subgraphs.subscription.services.log }, codes);
    const order = (quantity = 1): OrderConfirmed => ({
      orderId: randomUUID(),
      orderNumber: 'CG-799999',
      accountId: sam,
      confirmedAt: graph.clock.now().toISOString(),
      lines: [{ orderItemId: randomUUID(), productId: MAXIMUM_SECURITY.id, productName: MAXIMUM_SECURITY.name, quantity, devices: 3, term: 'ANNUAL', autoRenew: false }],
    });
    /**
     * Until another connection to this database is running its INSERT into licenses: its read
     * of the issued units is then behind it, so it cannot see the first delivery's units.
     */
    async function waitForRacingInsert(ds: DataSource): Promise<void> {
      for (let i = 0; i < 200; i++) {
        const [row] = await ds.query(
          "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND COMMAND = 'Query' AND INFO LIKE 'INSERT INTO `licenses`%'",
        );
        if (Number(row.n) > 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('the second delivery never reached its insert');
    }
    const issue = (service: LicenseService, o: OrderConfirmed) => graph.subgraphs.subscription.dataSource.transaction((m) => service.issueForOrder(m, o));

    it('S1: a drawn serial number or activation code that is already taken is drawn again (case-sensitive: another case is free)', async () => {
      const taken = 'MS2B-6T9Y-1QAZ-77WS'; // Sam's demo license
      const o = order(2);
      const outcome = await issue(serviceWith(scripted([taken, 'ms2b-6t9y-1qaz-77ws'], ['AC-MS-2B6T9Y1Q'])), o);
      expect(outcome).toEqual({ issued: 2, alreadyIssued: 0 });
      const stored = await storedFor(o.orderId);
      expect(stored.map((l) => l.serialNumber)).not.toContain(taken);
      expect(stored.map((l) => l.activationCode)).not.toContain('AC-MS-2B6T9Y1Q');
      expect(graph.logs.filter((l) => l.msg === 'a drawn license code was taken: drawing again' && l.orderId === o.orderId)).toHaveLength(1);
    });

    it('S1: an upper-case and a lower-case serial are different serials', async () => {
      const o = order();
      await issue(serviceWith(scripted(['ms2b-6t9y-1qaz-77ws'], [])), o);
      expect((await storedFor(o.orderId)).map((l) => l.serialNumber)).toEqual(['ms2b-6t9y-1qaz-77ws']);
    });

    it('gives up after five draws with an error that says so (the event is retried), and writes nothing', async () => {
      const o = order();
      const always: LicenseCodeSource = { serialNumber: () => 'MS2B-6T9Y-1QAZ-77WS', activationCode: randomLicenseCodes.activationCode };
      await expect(issue(serviceWith(always), o)).rejects.toThrow(/no free serial number or activation code after 5 draws/);
      expect(await storedFor(o.orderId)).toEqual([]);
    });

    it('X2: issuing the same order again writes nothing; a grown quantity issues only the missing units', async () => {
      const service = serviceWith(randomLicenseCodes);
      const o = order(2);
      expect(await issue(service, o)).toEqual({ issued: 2, alreadyIssued: 0 });
      expect(await issue(service, o)).toEqual({ issued: 0, alreadyIssued: 2 });
      expect(await issue(service, { ...o, lines: [{ ...o.lines[0], quantity: 3 }] })).toEqual({ issued: 1, alreadyIssued: 2 });
      expect((await storedFor(o.orderId)).map((l) => l.orderItemUnit)).toEqual([1, 2, 3]);
    });

    (onMysql() ? it : it.skip)('X2 (MySQL): two deliveries issuing the same unit at once: one writes it, the other fails and finds it on retry', async () => {
      const o = order();
      const ds = graph.subgraphs.subscription.dataSource;
      const service = serviceWith(randomLicenseCodes);
      const holder = ds.createQueryRunner();
      await holder.startTransaction();
      try {
        await service.issueForOrder(holder.manager, o);
        const racing = issue(service, o).then(() => null, (error: Error) => error); // settles while the test awaits the commit
        await waitForRacingInsert(ds); // it waits on the first one's unit key, or finds it committed
        await holder.commitTransaction();
        expect(await racing).toMatchObject({ name: 'ConcurrentIssue' });
      } finally {
        if (holder.isTransactionActive) await holder.rollbackTransaction();
        await holder.release();
      }
      expect(await issue(service, o)).toEqual({ issued: 0, alreadyIssued: 1 });
    });
  });

  it('a payload that breaks the contract issues nothing; the delivery is retried and says why', async () => {
    const orderId = randomUUID();
    const bad = { orderId, orderNumber: 'CG-7BAD', accountId: sam, confirmedAt: graph.clock.now().toISOString(), lines: [{ orderItemId: randomUUID(), productId: PASSWORD_MANAGER.id, quantity: 1, devices: 1, term: null, autoRenew: true }] };
    const eventId = await graph.subgraphs.order.dataSource.transaction((m) => outbox.publish(m, { type: ORDER_CONFIRMED, aggregateType: 'order', aggregateId: orderId, payload: bad }));
    await graph.drain();
    expect(await deliveryOf(eventId)).toMatchObject({ status: DeliveryStatus.PENDING, attempts: 1, lastError: expect.stringContaining('HTTP 500') });
    expect(graph.logs.some((l) => l.msg === 'event handling failed' && l.eventId === eventId && String(l.err).includes('cannot have the Auto-Renewal Plan'))).toBe(true);
    expect(await storedFor(orderId)).toEqual([]);
    expect(await graph.subgraphs.subscription.dataSource.getRepository(HandledEvent).countBy({ eventId })).toBe(0);
  });
});
