import { DEMO } from '../../kernel/demo';
import { startTestGraph, type TestGraph } from '../support/graph';
import { placeOrder } from '../after-sale/support';
import { data, PORTAL, RESUME_AUTO_RENEWAL } from './licenses-support';

const L = DEMO.licenses;
const P = DEMO.products;
const dana = DEMO.accounts.dana.id;
const sam = DEMO.accounts.sam.id;
const DAY = 24 * 60 * 60 * 1000;

describe('cancelling and resuming the Auto-Renewal Plan (S3, S4)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  const stored = async (id: string) => {
    const [row] = await graph.subgraphs.subscription.dataSource.query('SELECT autoRenew, expiresAt, startsAt FROM licenses WHERE id = ?', [id]);
    return { autoRenew: Boolean(Number(row.autoRenew)), expiresAt: new Date(row.expiresAt).toISOString(), startsAt: new Date(row.startsAt).toISOString() };
  };
  const disable = async (licenseId: string, options: Parameters<TestGraph['query']>[2]) => (await data(graph, PORTAL.disableAutoRenew(), { licenseId }, options)).cancelAutoRenewal;
  const cancel = async (licenseId: string, options: Parameters<TestGraph['query']>[2]) => (await data(graph, PORTAL.cancelAutoRenewal(), { licenseId }, options)).cancelAutoRenewal;
  const resume = async (licenseId: string, options: Parameters<TestGraph['query']>[2]) => (await data(graph, RESUME_AUTO_RENEWAL, { licenseId }, options)).resumeAutoRenewal;

  it('S4: "Disable Auto-renew now" from the account: the plan is off, the license stays ACTIVE to the end of its paid term; twice is harmless', async () => {
    const before = await stored(L.autoRenewing);
    expect(before.autoRenew).toBe(true);
    const off = await disable(L.autoRenewing, { as: dana });
    expect(off).toMatchObject({ __typename: 'License', id: L.autoRenewing, autoRenew: false, state: 'ACTIVE', expiresAt: before.expiresAt });
    expect(await stored(L.autoRenewing)).toEqual({ ...before, autoRenew: false });
    expect(await disable(L.autoRenewing, { as: dana })).toEqual(off);
    expect(await stored(L.autoRenewing)).toEqual({ ...before, autoRenew: false });
    // Active to the last instant of the paid term, then expired: nothing renewed it.
    const saved = graph.clock.now();
    graph.clock.set(new Date(new Date(before.expiresAt).getTime() - 1000));
    await graph.drain();
    expect((await cancel(L.autoRenewing, { as: dana })).state).toBe('ACTIVE');
    graph.clock.set(before.expiresAt);
    await graph.drain();
    expect(await cancel(L.autoRenewing, { as: dana })).toMatchObject({ autoRenew: false, state: 'EXPIRED', expiresAt: before.expiresAt });
    expect(await stored(L.autoRenewing)).toEqual({ ...before, autoRenew: false });
    graph.clock.set(saved);
  });

  it('S3: the owner turns the plan back on before expiry; resuming twice is harmless', async () => {
    const on = await resume(L.autoRenewing, { as: dana });
    expect(on).toMatchObject({ __typename: 'License', autoRenew: true, state: 'ACTIVE' });
    expect(await resume(L.autoRenewing, { as: dana })).toEqual(on);
    expect((await stored(L.autoRenewing)).autoRenew).toBe(true);
  });

  it('S4, O8: "Cancel Auto-Renewal" from the order with its lookup token, for a guest\'s license; another order\'s token gets LICENSE_NOT_FOUND', async () => {
    const order = await placeOrder(graph, { lines: [{ productId: P.maximumSecurity, quantity: 1, autoRenew: true }] });
    const other = await placeOrder(graph, { lines: [{ productId: P.antivirusAnnual, quantity: 1 }] });
    await graph.drain();
    const [license] = (await data(graph, 'query($id: ID!) { order(id: $id) { licenses { id autoRenew expiresAt } } }', { id: order.id }, { token: order.token })).order.licenses;
    expect(license.autoRenew).toBe(true);
    const refused = await cancel(license.id, { token: other.token });
    expect(refused).toMatchObject({ __typename: 'AutoRenewalError', code: 'LICENSE_NOT_FOUND' });
    expect((await stored(license.id)).autoRenew).toBe(true);
    const off = await cancel(license.id, { token: order.token });
    expect(off).toEqual({ __typename: 'License', id: license.id, autoRenew: false, expiresAt: license.expiresAt, state: 'ACTIVE' });
    expect(await cancel(license.id, { token: order.token })).toEqual(off);
    // The token holder may turn it back on, too.
    expect(await resume(license.id, { token: order.token })).toMatchObject({ autoRenew: true });
  });

  it('S4, O8: the token of the order works for a license registered to an account as well', async () => {
    const order = await placeOrder(graph, { as: sam, lines: [{ productId: P.antivirusAnnual, quantity: 1, autoRenew: true }] });
    await graph.drain();
    const [license] = (await data(graph, 'query($id: ID!) { order(id: $id) { licenses { id autoRenew } } }', { id: order.id }, { as: sam })).order.licenses;
    expect(await cancel(license.id, { token: order.token })).toMatchObject({ __typename: 'License', autoRenew: false });
  });

  it("bad input: someone else's license is LICENSE_NOT_FOUND, exactly as one that does not exist, and nothing changes", async () => {
    const missing = await cancel('00000000-0000-4000-a000-00000000dfff', { as: sam });
    expect(missing).toMatchObject({ __typename: 'AutoRenewalError', code: 'LICENSE_NOT_FOUND' });
    const before = await stored(L.autoRenewing);
    expect(await cancel(L.autoRenewing, { as: sam })).toEqual(missing);
    expect(await resume(L.autoRenewing, { as: sam })).toEqual(missing);
    expect((await disable(L.autoRenewing, { as: sam })).code).toBe('LICENSE_NOT_FOUND');
    // Staff read the license but do not change the customer's plan.
    expect(await cancel(L.autoRenewing, { as: sam, roles: ['support'] })).toEqual(missing);
    expect(await cancel(L.autoRenewing, { as: sam, roles: ['analyst'] })).toEqual(missing);
    const anonymous = await graph.query(PORTAL.cancelAutoRenewal(), { licenseId: L.autoRenewing });
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const tooLong = await graph.query(PORTAL.cancelAutoRenewal(), { licenseId: 'x'.repeat(65) }, { as: dana });
    expect(tooLong.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await stored(L.autoRenewing)).toEqual(before);
  });

  it('bad input: the plan is not turned on for a license that expired, is revoked, is a partner\'s (A8) or has no term; cancelling those is harmless', async () => {
    expect(await resume(L.expired, { as: dana })).toMatchObject({ __typename: 'AutoRenewalError', code: 'LICENSE_EXPIRED' });
    expect(await resume(L.partner, { as: dana })).toMatchObject({ code: 'PARTNER_LICENSE' });
    expect((await resume(L.partner, { as: dana })).message).toMatch(/Best Buy/);
    expect(await cancel(L.partner, { as: dana })).toMatchObject({ __typename: 'License', autoRenew: false });

    const perpetual = await placeOrder(graph, { as: dana, lines: [{ productId: P.pcTuneUp, quantity: 1 }] });
    await graph.drain();
    const [oneOff] = (await data(graph, 'query($id: ID!) { order(id: $id) { licenses { id billingPeriod expiresAt } } }', { id: perpetual.id }, { as: dana })).order.licenses;
    expect(oneOff).toMatchObject({ billingPeriod: null, expiresAt: null });
    expect(await resume(oneOff.id, { as: dana })).toMatchObject({ code: 'AUTO_RENEW_NOT_AVAILABLE' });

    const db = graph.subgraphs.subscription.dataSource;
    await db.query("UPDATE licenses SET storedState = 'REVOKED' WHERE id = ?", [L.boxed]);
    expect(await resume(L.boxed, { as: dana })).toMatchObject({ code: 'LICENSE_REVOKED' });
    expect(await cancel(L.boxed, { as: dana })).toMatchObject({ __typename: 'License', state: 'REVOKED', autoRenew: false });
    // A plan still marked on for a revoked license is not confirmed by resuming it.
    await db.query('UPDATE licenses SET autoRenew = 1 WHERE id = ?', [L.boxed]);
    expect(await resume(L.boxed, { as: dana })).toMatchObject({ code: 'LICENSE_REVOKED' });
    await db.query("UPDATE licenses SET storedState = 'ACTIVE', autoRenew = 0 WHERE id = ?", [L.boxed]);
    for (const id of [L.expired, L.partner, oneOff.id, L.boxed]) expect((await stored(id)).autoRenew).toBe(false);
  });

  it('S7: in grace after a declined renewal the plan can be cancelled (the retries stop) but not resumed: the customer renews by hand', async () => {
    const order = await placeOrder(graph, { as: sam, lines: [{ productId: P.antivirusAnnual, quantity: 1, autoRenew: true }] });
    await graph.drain();
    const [license] = (await data(graph, 'query($id: ID!) { order(id: $id) { licenses { id expiresAt } } }', { id: order.id }, { as: sam })).order.licenses;
    const expiry = new Date(license.expiresAt).getTime();
    await graph.subgraphs.subscription.dataSource.query('UPDATE licenses SET graceEndsAt = ? WHERE id = ?', [new Date(expiry + 5 * DAY), license.id]);
    const saved = graph.clock.now();
    graph.clock.set(new Date(expiry + DAY));
    const off = await cancel(license.id, { as: sam });
    expect(off).toMatchObject({ autoRenew: false, state: 'IN_GRACE' });
    expect(await resume(license.id, { as: sam })).toMatchObject({ code: 'LICENSE_EXPIRED' });
    graph.clock.set(saved);
  });
});
