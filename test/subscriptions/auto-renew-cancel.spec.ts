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

  it('S4, O8: "Cancel Auto-Renewal" from the order with its lookup token, for a guest\'s license; another order\'s token gets NOT_FOUND', async () => {
    const order = await placeOrder(graph, { lines: [{ productId: P.maximumSecurity, quantity: 1, autoRenew: true }] });
    const other = await placeOrder(graph, { lines: [{ productId: P.antivirusAnnual, quantity: 1 }] });
    await graph.drain();
    const [license] = (await data(graph, 'query($id: ID!) { order(id: $id) { licenses { id autoRenew expiresAt } } }', { id: order.id }, { token: order.token })).order.licenses;
    expect(license.autoRenew).toBe(true);
    const refused = await graph.query(PORTAL.cancelAutoRenewal(), { licenseId: license.id }, { token: other.token });
    expect(refused.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
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

  it("bad input: someone else's license is NOT_FOUND, exactly as one that does not exist, and nothing changes", async () => {
    const refusal = async (query: string, licenseId: string, options: Parameters<TestGraph['query']>[2]) => {
      const { body } = await graph.query(query, { licenseId }, options);
      expect(body.data).toBeNull();
      return body.errors?.map((e) => ({ message: e.message, code: e.extensions?.code, path: e.path }));
    };
    const missing = await refusal(PORTAL.cancelAutoRenewal(), '00000000-0000-4000-a000-00000000dfff', { as: sam });
    expect(missing).toEqual([{ message: expect.any(String), code: 'NOT_FOUND', path: ['cancelAutoRenewal'] }]);
    const before = await stored(L.autoRenewing);
    expect(await refusal(PORTAL.cancelAutoRenewal(), L.autoRenewing, { as: sam })).toEqual(missing);
    expect(await refusal(PORTAL.disableAutoRenew(), L.autoRenewing, { as: sam })).toEqual(missing);
    expect(await refusal(RESUME_AUTO_RENEWAL, L.autoRenewing, { as: sam })).toEqual([{ ...missing![0], path: ['resumeAutoRenewal'] }]);
    // Staff read the license but do not change the customer's plan.
    expect(await refusal(PORTAL.cancelAutoRenewal(), L.autoRenewing, { as: sam, roles: ['support'] })).toEqual(missing);
    expect(await refusal(PORTAL.cancelAutoRenewal(), L.autoRenewing, { as: sam, roles: ['analyst'] })).toEqual(missing);
    const anonymous = await graph.query(PORTAL.cancelAutoRenewal(), { licenseId: L.autoRenewing });
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const tooLong = await graph.query(PORTAL.cancelAutoRenewal(), { licenseId: 'x'.repeat(65) }, { as: dana });
    expect(tooLong.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await stored(L.autoRenewing)).toEqual(before);
  });

  it('bad input: the plan is not turned on for a license that expired, is revoked, is a partner\'s (A8) or has no term; cancelling those is harmless', async () => {
    expect(await resume(L.expired, { as: dana })).toMatchObject({ __typename: 'AutoRenewalError', code: 'LICENSE_EXPIRED' });
    expect(await resume(L.partner, { as: dana })).toMatchObject({ code: 'LICENSE_FROM_PARTNER' });
    expect((await resume(L.partner, { as: dana })).message).toMatch(/Best Buy/);
    expect(await cancel(L.partner, { as: dana })).toMatchObject({ __typename: 'License', autoRenew: false });

    const perpetual = await placeOrder(graph, { as: dana, lines: [{ productId: P.pcTuneUp, quantity: 1 }] });
    await graph.drain();
    const [oneOff] = (await data(graph, 'query($id: ID!) { order(id: $id) { licenses { id billingPeriod expiresAt } } }', { id: perpetual.id }, { as: dana })).order.licenses;
    expect(oneOff).toMatchObject({ billingPeriod: null, expiresAt: null });
    expect(await resume(oneOff.id, { as: dana })).toMatchObject({ code: 'LICENSE_NOT_RENEWABLE' });

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

  it('S7: in grace after a declined renewal the plan can be cancelled, which ends the grace (no retry follows), but not resumed: the customer renews by hand', async () => {
    const order = await placeOrder(graph, { as: sam, lines: [{ productId: P.antivirusAnnual, quantity: 1, autoRenew: true }] });
    await graph.drain();
    const [license] = (await data(graph, 'query($id: ID!) { order(id: $id) { licenses { id expiresAt } } }', { id: order.id }, { as: sam })).order.licenses;
    const expiry = new Date(license.expiresAt).getTime();
    await graph.subgraphs.subscription.dataSource.query('UPDATE licenses SET graceUntil = ? WHERE id = ?', [new Date(expiry + 5 * DAY), license.id]);
    const saved = graph.clock.now();
    graph.clock.set(new Date(expiry + DAY));
    expect((await data(graph, 'query($id: ID!) { order(id: $id) { licenses { state } } }', { id: order.id }, { as: sam })).order.licenses[0].state).toBe('IN_GRACE');
    const off = await cancel(license.id, { as: sam });
    expect(off).toMatchObject({ autoRenew: false, state: 'EXPIRED' });
    expect(await resume(license.id, { as: sam })).toMatchObject({ code: 'LICENSE_EXPIRED' });
    graph.clock.set(saved);
  });
});
