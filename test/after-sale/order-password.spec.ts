import { startTestGraph, type TestGraph } from '../support/graph';
import { startSmtpServer } from '../support/smtp';
import { AFTER_SALE, placeOrder, RESET_ORDER_PASSWORD, run, type PlacedOrder } from './support';

const LOOKUP = `mutation($input: LookupOrderInput!) { lookupOrder(input: $input) { __typename ... on OrderAccessError { code } } }`;

/** O8: a forgotten order password, reset by e-mail (as A4 does for accounts). */
describe('forgotten order password (O8)', () => {
  let graph: TestGraph;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let order: PlacedOrder;
  let address = 0;
  const from = () => ({ headers: { 'x-forwarded-for': `192.0.2.${++address}` } });
  const forgot = async (email: string, orderNumber: string) => (await run(graph, AFTER_SALE.forgotOrderPassword, { email, orderNumber }, from())).requestOrderPassword;
  const reset = async (token: string, newPassword: string, confirmPassword = newPassword) => (await run(graph, RESET_ORDER_PASSWORD, { token, newPassword, confirmPassword })).resetOrderPassword;
  const lookup = async (orderNumber: string, orderPassword: string) => (await run(graph, LOOKUP, { input: { orderNumber, orderPassword } }, from())).lookupOrder.__typename;
  const tokenOf = (text: string) => /\/order-password\?token=([A-Za-z0-9_-]+)/.exec(text)![1];
  const resets = async () => graph.subgraphs.order.dataSource.query('SELECT id, usedAt FROM order_password_resets ORDER BY createdAt');
  const passwordOf = async (id: string) => (await graph.subgraphs.order.dataSource.query('SELECT passwordHash FROM orders WHERE id = ?', [id]))[0].passwordHash;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    graph = await startTestGraph({ env: { SMTP_URL: smtp.url, PORTAL_URL: 'https://portal.example' } });
    order = await placeOrder(graph, { email: 'forgetful@example.com' });
    await smtp.next('forgetful@example.com'); // the confirmation
  });
  afterAll(async () => {
    await graph.close();
    await smtp.close();
  });

  it('O8: ForgotOrderPassword runs as written and answers true whether or not the e-mail and order number match, mailing only a match', async () => {
    expect(await forgot('nobody@example.com', order.number)).toBe(true);
    expect(await forgot('forgetful@example.com', 'CG-00000000')).toBe(true);
    expect(await forgot('not an address', order.number)).toBe(true);
    expect(await resets()).toEqual([]);
    expect(await forgot(' Forgetful@Example.com ', order.number.toLowerCase())).toBe(true);
    const mail = await smtp.next('forgetful@example.com');
    expect(mail.text).toContain(`order ${order.number}`);
    expect(mail.text).toMatch(/https:\/\/portal\.example\/order-password\?token=[A-Za-z0-9_-]{43}/);
    expect(smtp.received.filter((m) => m.to.includes('nobody@example.com'))).toEqual([]);
    // Only the token's digest is kept.
    const [row] = await graph.subgraphs.order.dataSource.query('SELECT tokenHash FROM order_password_resets');
    expect(row.tokenHash).not.toBe(tokenOf(mail.text));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('O8, A1: the new password is typed twice and meets the password policy; a refused one changes nothing and keeps the link', async () => {
    expect(await forgot('forgetful@example.com', order.number)).toBe(true);
    const token = tokenOf((await smtp.next('forgetful@example.com')).text);
    const before = await passwordOf(order.id);
    expect(await reset(token, 'river otter lantern', 'river otter lanterm')).toMatchObject({ code: 'PASSWORDS_DO_NOT_MATCH', field: ['confirmPassword'] });
    expect(await reset(token, 'short')).toMatchObject({ code: 'PASSWORD_TOO_SHORT', field: ['newPassword'], message: 'Your password must have at least 8 characters.' });
    expect(await reset(token, 'x'.repeat(51))).toMatchObject({ code: 'PASSWORD_TOO_LONG' });
    expect(await reset(token, 'Password1')).toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
    expect(await passwordOf(order.id)).toBe(before);
    expect(await reset('not-a-token-we-made', 'river otter lantern')).toMatchObject({ code: 'INVALID_RESET_TOKEN', field: ['token'] });

    // O8: the link works once; the old password stops working; the new one is compared exactly as typed.
    const access = await reset(token, 'River Otter Lantern');
    expect(access).toMatchObject({ __typename: 'OrderAccess', order: { id: order.id } });
    const opened = await run(graph, `query($id: ID!) { order(id: $id) { id } }`, { id: order.id }, { token: access.token });
    expect(opened.order.id).toBe(order.id);
    expect(await reset(token, 'another good password')).toMatchObject({ code: 'INVALID_RESET_TOKEN' });
    expect(await lookup(order.number, order.password)).toBe('OrderAccessError');
    expect(await lookup(order.number, 'river otter lantern')).toBe('OrderAccessError');
    expect(await lookup(order.number, 'River Otter Lantern')).toBe('OrderAccess');
  });

  it('O8: a link expires, and every link still out stops working once one of them is used', async () => {
    graph.clock.advance(3_600_000); // past the hour's three e-mails of the tests above
    expect(await forgot('forgetful@example.com', order.number)).toBe(true);
    const older = tokenOf((await smtp.next('forgetful@example.com')).text);
    graph.clock.advance(2_000);
    expect(await forgot('forgetful@example.com', order.number)).toBe(true);
    const newer = tokenOf((await smtp.next('forgetful@example.com')).text);
    expect(await reset(newer, 'heron willow pebble')).toMatchObject({ __typename: 'OrderAccess' });
    expect(await reset(older, 'heron willow pebble 2')).toMatchObject({ code: 'INVALID_RESET_TOKEN' });

    graph.clock.advance(3_600_000);
    expect(await forgot('forgetful@example.com', order.number)).toBe(true);
    const late = tokenOf((await smtp.next('forgetful@example.com')).text);
    graph.clock.advance(60 * 60_000 + 1);
    expect(await reset(late, 'too late for this one')).toMatchObject({ code: 'INVALID_RESET_TOKEN' });
    expect(await lookup(order.number, 'heron willow pebble')).toBe('OrderAccess');
  });

  it('O8: requests are throttled like lookups and capped at three e-mails an hour per order, the answer staying true', async () => {
    const other = await placeOrder(graph, { email: 'flooded@example.com' });
    await smtp.next('flooded@example.com');
    const one = { headers: { 'x-forwarded-for': '192.0.2.250' } };
    for (let i = 0; i < 6; i++) {
      expect((await run(graph, AFTER_SALE.forgotOrderPassword, { email: 'flooded@example.com', orderNumber: other.number }, one)).requestOrderPassword).toBe(true);
      graph.clock.advance(61_000);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.filter((m) => m.to.includes('flooded@example.com'))).toHaveLength(3);

    // One address asking about many orders at once is slowed down: its fifth request mails nothing.
    const quiet = await placeOrder(graph, { email: 'quiet@example.com' });
    await smtp.next('quiet@example.com');
    const busy = { headers: { 'x-forwarded-for': '192.0.2.251' } };
    for (let i = 0; i < 4; i++) await run(graph, AFTER_SALE.forgotOrderPassword, { email: 'x@example.com', orderNumber: `CG-2222222${i}` }, busy);
    expect((await run(graph, AFTER_SALE.forgotOrderPassword, { email: 'quiet@example.com', orderNumber: quiet.number }, busy)).requestOrderPassword).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.filter((m) => m.to.includes('quiet@example.com'))).toEqual([]);
    expect(await forgot('quiet@example.com', quiet.number)).toBe(true);
    await smtp.next('quiet@example.com');
  });
});
