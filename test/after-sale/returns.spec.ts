import { addBusinessDays } from '../../kernel/business-days';
import { DEMO } from '../../kernel/demo';
import type { SandboxProcessor } from '../../subgraphs/order/payments/sandbox-processor';
import { startTestGraph, type TestGraph } from '../support/graph';
import { startSmtpServer } from '../support/smtp';
import { clientOperation } from '../support/operations';
import { ADDRESSES, CARDS, card } from '../store/support';
import { AFTER_SALE, placeOrder, run, type PlacedOrder } from './support';

const DAY = 86_400_000;
const REQUEST_RETURN = clientOperation('RequestReturn');
const ACCEPT_ELOD = clientOperation('AcceptLetterOfDestruction');
const DETAIL = `query($id: ID!) { order(id: $id) { id state total { amount } tax { amount }
  items { id quantity total { amount } tax { amount } product { delivery } }
  payments { kind state amount { amount } }
  refunds { id kind state amount { amount } tax { amount } shipping { amount } requestedAt initiatedAt expectedCreditBy }
  licenses { id state autoRenew } downloads { fileName } } }`;
const REFUND_FIELDS = `mutation($input: ReturnInput!) { requestReturn(input: $input) { __typename
  ... on Refund { id kind state amount { amount currencyCode } tax { amount } shipping { amount } initiatedAt expectedCreditBy }
  ... on ReturnError { code message orderItemId returnable } } }`;

/** O12 through the gateway: returns of downloads and shipments, their refunds and what they write. */
describe('returns and refunds (O12)', () => {
  let graph: TestGraph;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const dana = DEMO.accounts.dana.id;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    graph = await startTestGraph({ env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await graph.close();
    await smtp.close();
  });

  const detail = async (order: PlacedOrder) => (await run(graph, DETAIL, { id: order.id }, { as: dana })).order;
  const refundRows = async () => Number((await graph.subgraphs.order.dataSource.query('SELECT COUNT(*) AS n FROM refunds'))[0].n);
  const paymentRows = async () => Number((await graph.subgraphs.order.dataSource.query('SELECT COUNT(*) AS n FROM payments'))[0].n);
  const sandboxAuthorization = async (order: PlacedOrder) => {
    const [row] = await graph.subgraphs.order.dataSource.query('SELECT a.amount, a.captured, a.released FROM sandbox_authorizations a JOIN orders o ON o.authorizationId = a.id WHERE o.id = ?', [order.id]);
    return { amount: Number(row.amount), captured: Number(row.captured), released: Number(row.released) };
  };
  const mailsTo = async (email: string, count: number) => {
    const mails = [];
    for (let i = 0; i < count; i++) mails.push(await smtp.next(email));
    return mails;
  };
  const downloadOrder = (email: string, options: { quantity?: number; cardNumber?: string } = {}) =>
    placeOrder(graph, { as: dana, email, lines: [{ productId: DEMO.products.maximumSecurity, quantity: options.quantity ?? 1 }], cardNumber: options.cardNumber });
  const boxedOrder = (email: string) =>
    placeOrder(graph, {
      as: dana,
      email,
      lines: [{ productId: DEMO.products.maximumSecurity, quantity: 1 }, { productId: DEMO.products.internetSecurityBoxed, quantity: 1 }],
      shipping: { shippingAddress: ADDRESSES.texas, shippingMethod: 'USPS_PRIORITY' },
    });

  it('O12: RequestReturn runs as written; a download returned before its charge is initiated at once by voiding the hold, and the customer is told', async () => {
    const order = await downloadOrder('void@example.com');
    await smtp.next('void@example.com'); // confirmation
    await graph.drain(); // licenses issued
    const answer = (await run(graph, REQUEST_RETURN, { input: { orderId: order.id, reason: 'Bought by mistake' } }, { as: dana })).requestReturn;
    const now = graph.clock.now();
    expect(answer).toMatchObject({ __typename: 'Refund', state: 'INITIATED', expectedCreditBy: addBusinessDays(now, 7).toISOString() });
    const page = await detail(order);
    expect(answer.amount.amount).toBe(page.total.amount);
    expect(page.state).toBe('RETURNED');
    // Nothing was charged yet: the charge of the day after is cancelled and the whole hold given up.
    expect(page.payments.map((p: any) => [p.kind, p.state, p.amount.amount])).toEqual(
      expect.arrayContaining([
        ['CAPTURE', 'CANCELLED', 0],
        ['VOID', 'SUCCEEDED', page.total.amount],
      ]),
    );
    expect(await sandboxAuthorization(order)).toEqual({ amount: page.total.amount, captured: 0, released: page.total.amount });
    expect(page.downloads).toEqual([]); // the whole order was returned (O10)

    await graph.drain(); // mails, the refund.initiated event
    const mails = await mailsTo('void@example.com', 2);
    const requested = mails.find((m) => m.text.includes('We are processing'))!;
    const initiated = mails.find((m) => m.text.includes('We have refunded'))!;
    expect(requested.text).toContain(`refund of your return for order ${order.number}`);
    expect(initiated.text).toContain('ending in 4242');
    expect(initiated.text).toContain(`by ${addBusinessDays(now, 7).toISOString().slice(0, 10)}`);
    expect(initiated.text).not.toContain(CARDS.visa);
    expect((await detail(order)).licenses.map((l: any) => l.state)).toEqual(['REVOKED']);

    // The day-after charge finds nothing to charge; nothing is released twice.
    graph.clock.advance(3 * DAY);
    await graph.drain();
    expect(await sandboxAuthorization(order)).toEqual({ amount: page.total.amount, captured: 0, released: page.total.amount });
  });

  it('O12: some units of a charged download are refunded from the charge with their tax share; the rest stays; credited by the job 7 business days later', async () => {
    const order = await downloadOrder('partial@example.com', { quantity: 2 });
    graph.clock.advance(DAY + 1_000); // charged the day after (O5)
    await graph.drain();
    const before = await detail(order);
    const item = before.items[0];
    const answer = (await run(graph, REFUND_FIELDS, { input: { orderId: order.id, items: [{ orderItemId: item.id, quantity: 1 }] } }, { as: dana })).requestReturn;
    expect(answer).toMatchObject({ __typename: 'Refund', kind: 'RETURN', state: 'INITIATED', amount: { amount: item.total.amount / 2, currencyCode: 'USD' }, tax: { amount: Math.floor(item.tax.amount / 2) }, shipping: { amount: 0 } });
    await graph.drain();
    const page = await detail(order);
    expect(page.state).toBe('PARTIALLY_RETURNED');
    expect(page.payments.filter((p: any) => p.kind === 'REFUND').map((p: any) => [p.state, p.amount.amount])).toEqual([['SUCCEEDED', item.total.amount / 2]]);
    expect(page.licenses.map((l: any) => l.state).sort()).toEqual(['ACTIVE', 'REVOKED']);
    expect(page.downloads.length).toBeGreaterThan(0);

    graph.clock.set(new Date(answer.expectedCreditBy));
    await graph.drain();
    const credited = await detail(order);
    expect(credited.refunds[0].state).toBe('CREDITED');
    expect(credited.state).toBe('PARTIALLY_REFUNDED');
    const mails = await mailsTo('partial@example.com', 4); // confirmation, requested, initiated, credited
    expect(mails.filter((m) => m.text.includes('has been credited'))).toHaveLength(1);

    // The other unit can still go back; then everything is returned and nothing more can be.
    const last = (await run(graph, REFUND_FIELDS, { input: { orderId: order.id } }, { as: dana })).requestReturn;
    expect(last).toMatchObject({ state: 'INITIATED', amount: { amount: item.total.amount - item.total.amount / 2 } });
    expect((await detail(order)).state).toBe('RETURNED');
    const rows = await refundRows();
    expect((await run(graph, REFUND_FIELDS, { input: { orderId: order.id } }, { as: dana })).requestReturn).toMatchObject({ code: 'NOTHING_TO_RETURN' });
    expect(await refundRows()).toBe(rows);
  });

  it('O12: a return with a physical item waits for the ELOD, then refunds everything with the shipping; AcceptLetterOfDestruction runs as written, once', async () => {
    const order = await boxedOrder('boxed@example.com');
    graph.clock.advance(2 * DAY); // shipped and charged
    await graph.drain();
    const payments = await paymentRows();
    const answer = (await run(graph, REFUND_FIELDS, { input: { orderId: order.id } }, { as: dana })).requestReturn;
    const page = await detail(order);
    expect(answer).toMatchObject({ state: 'AWAITING_LETTER_OF_DESTRUCTION', amount: { amount: page.total.amount }, tax: { amount: page.tax.amount }, initiatedAt: null, expectedCreditBy: null });
    expect(answer.shipping.amount).toBeGreaterThan(0);
    expect(await paymentRows()).toBe(payments); // no money moves before the letter is accepted
    expect(page.state).toBe('RETURNED');

    // Someone else's refund is not found; the owner's token accepts it.
    const stranger = (await run(graph, ACCEPT_ELOD, { refundId: answer.id }, { as: DEMO.accounts.sam.id })).acceptLetterOfDestruction;
    expect(stranger).toMatchObject({ __typename: 'ReturnError', code: 'REFUND_NOT_FOUND' });
    const token = (await run(graph, AFTER_SALE.quickOrderLookup, { input: { orderNumber: order.number, orderPassword: order.password } })).lookupOrder.token;
    const accepted = (await run(graph, ACCEPT_ELOD, { refundId: answer.id }, { token })).acceptLetterOfDestruction;
    expect(accepted).toMatchObject({ __typename: 'Refund', id: answer.id, state: 'INITIATED', initiatedAt: graph.clock.now().toISOString() });
    const twice = (await run(graph, ACCEPT_ELOD, { refundId: answer.id }, { token })).acceptLetterOfDestruction;
    expect(twice).toMatchObject({ __typename: 'ReturnError', code: 'LETTER_OF_DESTRUCTION_NOT_AWAITED' });
    const refunds = (await detail(order)).payments.filter((p: any) => p.kind === 'REFUND');
    expect(refunds.every((p: any) => p.state === 'SUCCEEDED')).toBe(true);
    expect(refunds.reduce((sum: number, p: any) => sum + p.amount.amount, 0)).toBe(page.total.amount);
    await graph.drain();
    const mails = await mailsTo('boxed@example.com', 4); // confirmation, awaiting the letter, requested, initiated
    expect(mails.filter((m) => m.text.includes('accept the Electronic Letter of Destruction'))).toHaveLength(1);
  });

  it('O12: a refund the processor refuses is FAILED, the customer is told, and its licenses stay', async () => {
    const order = await downloadOrder('refund-fails@example.com', { cardNumber: '4000000000005126' });
    graph.clock.advance(DAY + 1_000);
    await graph.drain();
    const answer = (await run(graph, REFUND_FIELDS, { input: { orderId: order.id } }, { as: dana })).requestReturn;
    expect(answer).toMatchObject({ state: 'FAILED', expectedCreditBy: null });
    await graph.drain();
    const page = await detail(order);
    expect(page.state).toBe('COMPLETED');
    expect(page.licenses.map((l: any) => l.state)).toEqual(['ACTIVE']);
    const mails = await mailsTo('refund-fails@example.com', 3);
    expect(mails.filter((m) => m.text.includes('could not refund'))).toHaveLength(1);
  });

  it("O12, X2: the processor's answer is lost: the refund stays REQUESTED and its job repeats the same call a minute later; money moves once", async () => {
    const order = await downloadOrder('lost-answer@example.com');
    graph.clock.advance(DAY + 1_000); // charged
    await graph.drain();
    const processor = graph.subgraphs.order.services.payments.processor as SandboxProcessor;
    processor.failNextCall('after-processing');
    const answer = (await run(graph, REFUND_FIELDS, { input: { orderId: order.id } }, { as: dana })).requestReturn;
    expect(answer).toMatchObject({ __typename: 'Refund', state: 'REQUESTED', expectedCreditBy: null });
    const [capture] = await graph.subgraphs.order.dataSource.query('SELECT c.amount, c.refunded FROM sandbox_captures c JOIN sandbox_authorizations a ON a.id = c.authorizationId JOIN orders o ON o.authorizationId = a.id WHERE o.id = ?', [order.id]);
    expect(Number(capture.refunded)).toBe(Number(capture.amount)); // the processor did refund

    graph.clock.advance(60_000);
    await graph.drain();
    const page = await detail(order);
    expect(page.refunds[0]).toMatchObject({ id: answer.id, state: 'INITIATED' });
    expect(page.payments.filter((p: any) => p.kind === 'REFUND').map((p: any) => [p.state, p.amount.amount])).toEqual([['SUCCEEDED', page.total.amount]]);
    const [again] = await graph.subgraphs.order.dataSource.query('SELECT c.refunded FROM sandbox_captures c JOIN sandbox_authorizations a ON a.id = c.authorizationId JOIN orders o ON o.authorizationId = a.id WHERE o.id = ?', [order.id]);
    expect(Number(again.refunded)).toBe(Number(capture.amount));
  });

  it('O12: two returns of the same units at once: one takes them, the other is told there are none left', async () => {
    const order = await downloadOrder('twice@example.com', { quantity: 2 });
    const item = (await detail(order)).items[0];
    const input = { orderId: order.id, items: [{ orderItemId: item.id, quantity: 2 }] };
    const answers = await Promise.all([1, 2].map(async () => (await run(graph, REFUND_FIELDS, { input }, { as: dana })).requestReturn));
    expect(answers.map((a) => a.__typename).sort()).toEqual(['Refund', 'ReturnError']);
    expect(answers.find((a) => a.__typename === 'ReturnError')).toMatchObject({ code: 'RETURN_MORE_THAN_BOUGHT', returnable: 0 });
    expect((await detail(order)).refunds).toHaveLength(1);
  });

  describe('bad input: a typed error, nothing written', () => {
    let order: PlacedOrder;
    let other: PlacedOrder;
    beforeAll(async () => {
      order = await downloadOrder('bad-input@example.com', { quantity: 2 });
      other = await placeOrder(graph, { email: 'guest@example.com', payment: card(CARDS.mastercard) });
    });

    const refused = async (input: Record<string, unknown>, as: Record<string, unknown> = { as: dana }) => {
      const refunds = await refundRows();
      const payments = await paymentRows();
      const answer = (await run(graph, REFUND_FIELDS, { input }, as)).requestReturn;
      expect(await refundRows()).toBe(refunds);
      expect(await paymentRows()).toBe(payments);
      return answer;
    };

    it('O12: more than bought, an item of another order, a quantity under 1', async () => {
      const item = (await detail(order)).items[0];
      expect(await refused({ orderId: order.id, items: [{ orderItemId: item.id, quantity: 3 }] })).toMatchObject({ __typename: 'ReturnError', code: 'RETURN_MORE_THAN_BOUGHT', orderItemId: item.id, returnable: 2 });
      expect(await refused({ orderId: order.id, items: [{ orderItemId: item.id, quantity: 1 }, { orderItemId: item.id, quantity: 2 }] })).toMatchObject({ code: 'RETURN_MORE_THAN_BOUGHT' });
      expect(await refused({ orderId: order.id, items: [{ orderItemId: item.id, quantity: 0 }] })).toMatchObject({ code: 'RETURN_QUANTITY_INVALID' });
      expect(await refused({ orderId: order.id, items: [{ orderItemId: other.id, quantity: 1 }] })).toMatchObject({ code: 'ORDER_ITEM_NOT_FOUND' });
    });

    it("O8, O12: someone else's order, or the token of another order, is not found; so is an order that does not exist", async () => {
      expect(await refused({ orderId: other.id })).toMatchObject({ code: 'ORDER_NOT_FOUND' });
      expect(await refused({ orderId: order.id }, { token: other.token })).toMatchObject({ code: 'ORDER_NOT_FOUND' });
      expect(await refused({ orderId: order.id }, { as: DEMO.accounts.sam.id })).toMatchObject({ code: 'ORDER_NOT_FOUND' });
      expect(await refused({ orderId: '00000000-0000-4000-a000-000000000000' })).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    });

    it("O12: accepting the ELOD of a refund that does not exist, or of someone else's", async () => {
      const refunds = await refundRows();
      expect((await run(graph, ACCEPT_ELOD, { refundId: 'no-such-refund' }, { as: dana })).acceptLetterOfDestruction).toMatchObject({ code: 'REFUND_NOT_FOUND' });
      expect(await refundRows()).toBe(refunds);
    });

    it('O12: a return past 30 days after purchase (the one clock)', async () => {
      graph.clock.advance(31 * DAY);
      const answer = await refused({ orderId: order.id });
      expect(answer).toMatchObject({ __typename: 'ReturnError', code: 'RETURN_WINDOW_CLOSED' });
      expect(answer.message).toMatch(/30 days/);
    });
  });
});
