import * as passwordHash from '../../kernel/password-hash';
import { DEMO } from '../../kernel/demo';
import { startTestGraph, type TestGraph } from '../support/graph';
import { CARDS } from '../store/support';
import { AFTER_SALE, placeOrder, run, type PlacedOrder } from './support';

const FAILED = { __typename: 'OrderAccessError', code: 'ORDER_LOOKUP_FAILED', message: 'We could not find an order with the information you entered. Please check it and try again.', field: null, retryAfterSeconds: null };
const LOOKUP = `mutation($input: LookupOrderInput!) { lookupOrder(input: $input) {
  __typename ... on OrderAccess { token expiresAt order { id number } } ... on OrderAccessError { code message field retryAfterSeconds } } }`;

/** O8: Quick Order Lookup through the gateway. */
describe('Quick Order Lookup (O8)', () => {
  let graph: TestGraph;
  let first: PlacedOrder;
  let second: PlacedOrder;
  let address = 0;
  /** Each test its own client address, so that one test's attempts do not slow the next (the address is a throttle key). */
  const from = () => ({ headers: { 'x-forwarded-for': `198.51.100.${++address}` } });
  const lookup = async (input: Record<string, unknown>, options = from()) => (await run(graph, LOOKUP, { input }, options)).lookupOrder;
  const count = async (table: string) => Number((await graph.subgraphs.order.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    graph = await startTestGraph();
    first = await placeOrder(graph, { email: 'lookup@example.com', cardNumber: CARDS.visa });
    graph.clock.advance(60_000);
    second = await placeOrder(graph, { email: 'lookup@example.com', cardNumber: CARDS.visa });
  });
  afterAll(() => graph.close());

  it('O8: QuickOrderLookup and LookupOrder run as written; the order number and password open that order, whatever their case, spaces and dashes', async () => {
    const store = (await run(graph, AFTER_SALE.quickOrderLookup, { input: { orderNumber: first.number, orderPassword: first.password } }, from())).lookupOrder;
    expect(store).toMatchObject({ __typename: 'OrderAccess', order: { id: first.id, number: first.number } });
    expect(new Date(store.expiresAt).getTime()).toBe(graph.clock.now().getTime() + 3_600_000);
    const portal = (await run(graph, AFTER_SALE.lookupOrder, { input: { orderNumber: ` ${first.number.toLowerCase()} `, orderPassword: first.password.toLowerCase().replace(/-/g, ' ') } }, from())).lookupOrder;
    expect(portal).toMatchObject({ __typename: 'OrderAccess', order: { id: first.id, state: 'SUBMITTED' } });
  });

  it('O8: the e-mail address and the last 5 digits of the card open the newest order paid with that card', async () => {
    const access = await lookup({ email: ' Lookup@Example.com', cardLast5: '24242' });
    expect(access).toMatchObject({ __typename: 'OrderAccess', order: { id: second.id } });
  });

  it('O8: the token opens that one order and nothing else: me is UNAUTHENTICATED, another order null', async () => {
    const access = await lookup({ orderNumber: first.number, orderPassword: first.password });
    const own = await run(graph, `query($id: ID!) { order(id: $id) { id number invoice { number } } }`, { id: first.id }, { token: access.token });
    expect(own.order).toMatchObject({ id: first.id, invoice: { number: expect.stringMatching(/^INV-2026-\d{6}$/) } });
    for (const id of [second.id, DEMO.orders.download]) {
      expect((await run(graph, `query($id: ID!) { order(id: $id) { id } }`, { id }, { token: access.token })).order).toBeNull();
    }
    const me = await graph.query('{ me { id } }', {}, { token: access.token });
    expect(me.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('O8: a wrong password, an order number that does not exist, a wrong e-mail or wrong digits all get the one answer, and nothing is written to the orders', async () => {
    const before = await graph.subgraphs.order.dataSource.query('SELECT id, passwordHash, state FROM orders ORDER BY id');
    expect(await lookup({ orderNumber: first.number, orderPassword: 'WRONG-WRONG-WRNG' })).toEqual(FAILED);
    expect(await lookup({ orderNumber: 'CG-00000000', orderPassword: first.password })).toEqual(FAILED);
    expect(await lookup({ orderNumber: second.number, orderPassword: first.password })).toEqual(FAILED);
    expect(await lookup({ email: 'someone-else@example.com', cardLast5: '24242' })).toEqual(FAILED);
    expect(await lookup({ email: 'lookup@example.com', cardLast5: '54444' })).toEqual(FAILED);
    expect(await lookup({ email: 'not an address', cardLast5: '24242' })).toEqual(FAILED);
    // The demo's orders have no order password: they open by their account, never by a guess.
    expect(await lookup({ orderNumber: 'CG-100002', orderPassword: '' })).toMatchObject({ code: 'LOOKUP_PAIR_REQUIRED', field: ['input', 'orderPassword'] });
    expect(await lookup({ orderNumber: 'CG-100002', orderPassword: 'anything' })).toEqual(FAILED);
    expect(await graph.subgraphs.order.dataSource.query('SELECT id, passwordHash, state FROM orders ORDER BY id')).toEqual(before);
  });

  it('O8: an order number that matches nothing checks a (decoy) password hash all the same, as a wrong password does', async () => {
    const verify = jest.spyOn(passwordHash, 'verifyPassword');
    try {
      expect(await lookup({ orderNumber: 'CG-99999999', orderPassword: 'ABCD-EFGH-JKMN' })).toEqual(FAILED);
      expect(await lookup({ orderNumber: first.number, orderPassword: 'ABCD-EFGH-JKMN' })).toEqual(FAILED);
      expect(verify).toHaveBeenCalledTimes(2);
      const [decoy, real] = await Promise.all(verify.mock.results.map((r) => r.value));
      expect([decoy, real]).toEqual([false, false]);
      // The same cost: both hashes carry the configured parameters.
      expect(verify.mock.calls[0][1].split('$').slice(0, 4)).toEqual(verify.mock.calls[1][1].split('$').slice(0, 4));
    } finally {
      verify.mockRestore();
    }
  });

  it('O8: both pairs, neither, half a pair, or digits that are not five digits get their typed error, and count no attempt', async () => {
    const throttles = await count('throttles');
    expect(await lookup({ orderNumber: first.number, orderPassword: first.password, email: 'lookup@example.com', cardLast5: '24242' })).toMatchObject({ code: 'LOOKUP_PAIR_REQUIRED', field: ['input'] });
    expect(await lookup({})).toMatchObject({ code: 'LOOKUP_PAIR_REQUIRED', field: ['input'] });
    expect(await lookup({ orderNumber: '  ', email: '' })).toMatchObject({ code: 'LOOKUP_PAIR_REQUIRED', field: ['input'] });
    expect(await lookup({ orderNumber: first.number })).toMatchObject({ code: 'LOOKUP_PAIR_REQUIRED', field: ['input', 'orderPassword'] });
    expect(await lookup({ cardLast5: '24242' })).toMatchObject({ code: 'LOOKUP_PAIR_REQUIRED', field: ['input', 'email'] });
    for (const digits of ['2424', '242424', '2424a', '24 242', '٢٤٢٤٢']) {
      expect(await lookup({ email: 'lookup@example.com', cardLast5: digits })).toMatchObject({ code: 'CARD_LAST5_INVALID', field: ['input', 'cardLast5'] });
    }
    expect(await count('throttles')).toBe(throttles);
  });

  it('O8: a card number was never stored: only the network, the last four digits and a keyed digest of the last five', async () => {
    const [row] = await graph.subgraphs.order.dataSource.query('SELECT * FROM orders WHERE id = ?', [first.id]);
    expect(JSON.stringify(row)).not.toContain(CARDS.visa);
    expect(JSON.stringify(row)).not.toContain('24242');
    expect(row.cardLast5Digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('O8: lookups of one order number are throttled like sign-in: four at once pass, then the right password too must wait', async () => {
    const target = await placeOrder(graph, { email: 'throttled@example.com' });
    for (let i = 0; i < 4; i++) expect(await lookup({ orderNumber: target.number, orderPassword: `WRONG-${i}` })).toEqual(FAILED);
    const refused = await lookup({ orderNumber: target.number, orderPassword: target.password });
    expect(refused).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 });
    graph.clock.advance(1000);
    expect(await lookup({ orderNumber: target.number, orderPassword: target.password })).toMatchObject({ __typename: 'OrderAccess' });
    // A success clears the count: the next mistake is free again.
    expect(await lookup({ orderNumber: target.number, orderPassword: 'WRONG' })).toEqual(FAILED);
  });

  it('O8: the e-mail pair is throttled per e-mail address: ten guesses of the digits a day, then one per lock', async () => {
    const email = { email: 'guessed@example.com' };
    await placeOrder(graph, { email: email.email });
    for (let i = 0; i < 10; i++) {
      expect(await lookup({ ...email, cardLast5: String(10000 + i) })).toEqual(FAILED);
      graph.clock.advance(61_000);
    }
    expect(await lookup({ ...email, cardLast5: '24242' })).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    graph.clock.advance(15 * 60_000);
    // The lock ran out, but the day's count did not: one more wrong guess locks again at once.
    expect(await lookup({ ...email, cardLast5: '11111' })).toEqual(FAILED);
    expect(await lookup({ ...email, cardLast5: '24242' })).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    graph.clock.advance(24 * 3_600_000);
    expect(await lookup({ ...email, cardLast5: '24242' })).toMatchObject({ __typename: 'OrderAccess' });
  });

  it('O8: one client address trying many orders is slowed down, other addresses are not', async () => {
    const one = { headers: { 'x-forwarded-for': '203.0.113.77' } };
    for (let i = 0; i < 4; i++) expect(await lookup({ orderNumber: `CG-1111111${i}`, orderPassword: 'ABCD-EFGH-JKMN' }, one)).toEqual(FAILED);
    expect(await lookup({ orderNumber: first.number, orderPassword: first.password }, one)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(await lookup({ orderNumber: first.number, orderPassword: first.password })).toMatchObject({ __typename: 'OrderAccess' });
  });

  it('O8: a signed-in customer reaches the account\'s own orders without any lookup', async () => {
    const mine = await placeOrder(graph, { as: DEMO.accounts.sam.id, email: 'sam@example.com' });
    const page = await run(graph, `query($id: ID!) { order(id: $id) { id } me { orders { edges { node { id } } } } }`, { id: mine.id }, { as: DEMO.accounts.sam.id });
    expect(page.order.id).toBe(mine.id);
    expect(page.me.orders.edges.map((e: any) => e.node.id)).toContain(mine.id);
  });
});
