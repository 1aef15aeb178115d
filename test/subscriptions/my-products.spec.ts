import { DEMO } from '../../kernel/demo';
import { startTestGraph, type TestGraph } from '../support/graph';
import { data, device, hasNextRenewal, PORTAL, registerInstallation } from './licenses-support';

const L = DEMO.licenses;
const dana = DEMO.accounts.dana.id;
const sam = DEMO.accounts.sam.id;
const DAY = 24 * 60 * 60 * 1000;

/** S1, S2, A8: the Products tab of the web portal (`MyProducts`), through the gateway. */
describe('MyProducts: licenses with their installations (S1, S2, A8)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  const myProducts = async (as: string) => (await data(graph, PORTAL.myProducts(), {}, { as })).me.licenses as any[];

  it('S1, S2: every license of the account with product, codes, devices, term, state, plan, billing period, channel and installations', async () => {
    const licenses = await myProducts(dana);
    expect(licenses.map((l) => l.id)).toEqual([L.expired, L.partner, L.autoRenewing, L.boxed]); // soonest expiry first
    const byId = new Map(licenses.map((l) => [l.id, l]));
    const day = Date.UTC(2026, 10, 18);
    expect(byId.get(L.autoRenewing)).toMatchObject({
      serialNumber: 'MS7Q-4K2W-9PXC-31RA',
      activationCode: 'AC-MS-7Q4K2W9P',
      state: 'ACTIVE',
      startsAt: new Date(day - 35 * DAY).toISOString(),
      expiresAt: new Date(day + 330 * DAY).toISOString(),
      devices: 3,
      autoRenew: true,
      billingPeriod: 'ANNUAL',
      product: { id: DEMO.products.maximumSecurity, name: expect.any(String) },
      purchaseChannel: 'STORE',
      billingContact: 'Customer service of this store',
    });
    expect(byId.get(L.autoRenewing).installations).toEqual([
      { id: '00000000-0000-4000-a000-00000000f101', deviceName: "Dana's MacBook Air", platform: 'macOS', registeredAt: new Date(day - 399 * DAY).toISOString() },
      { id: '00000000-0000-4000-a000-00000000f102', deviceName: 'Family PC', platform: 'Windows', registeredAt: new Date(day - 398 * DAY).toISOString() },
    ]);
    expect(byId.get(L.expired)).toMatchObject({ state: 'EXPIRED', billingPeriod: 'MONTHLY', autoRenew: false, installations: [] });
    // A8: bought at Best Buy, a "T" serial, billing questions go there.
    expect(byId.get(L.partner)).toMatchObject({ serialNumber: 'TBB9-2M4N-7QW1-XY5Z', activationCode: null, purchaseChannel: 'RETAIL_PARTNER', billingContact: 'Best Buy' });
    expect(byId.get(L.partner).installations).toHaveLength(1);
    if (hasNextRenewal()) {
      expect(byId.get(L.autoRenewing).nextRenewal).not.toBeNull();
      expect(byId.get(L.partner).nextRenewal).toBeNull();
    }
    // Each account sees its own licenses only.
    expect((await myProducts(sam)).map((l) => l.id)).toEqual([L.sam]);
  });

  it('S2: a device the app registers shows at once, newest last; the query costs the same SQL whatever the number of installations', async () => {
    const statements = async () => {
      const before = graph.sqlCounts().subscription;
      const licenses = await myProducts(dana);
      return { licenses, statements: graph.sqlCounts().subscription - before };
    };
    const first = await statements();
    await registerInstallation(graph, 'AC-MS-7Q4K2W9P', device('tablet', { deviceName: "Dana's iPad", platform: 'iOS' }));
    graph.clock.advance(1000);
    await registerInstallation(graph, 'TBB9-2M4N-7QW1-XY5Z', device('phone-2', { deviceName: 'Second phone', platform: 'Android' }));
    const second = await statements();
    expect(second.statements).toBe(first.statements);
    const installations = second.licenses.find((l) => l.id === L.autoRenewing).installations;
    expect(installations).toHaveLength(3);
    expect(installations[2]).toMatchObject({ deviceName: "Dana's iPad", platform: 'iOS' });
    expect(second.licenses.find((l) => l.id === L.partner).installations.map((i: any) => i.deviceName)).toEqual(["Dana's phone", 'Second phone']);
  });

  it('S7: a license past its expiry while a declined renewal is retried shows IN_GRACE with the end of grace, then EXPIRED', async () => {
    const [row] = await graph.subgraphs.subscription.dataSource.query('SELECT expiresAt FROM licenses WHERE id = ?', [L.sam]);
    const expiry = new Date(row.expiresAt).getTime();
    const graceEndsAt = new Date(expiry + 5 * DAY);
    await graph.subgraphs.subscription.dataSource.query('UPDATE licenses SET graceUntil = ? WHERE id = ?', [graceEndsAt, L.sam]);
    const STATE = '{ me { licenses { id state expiresAt graceEndsAt } } }';
    const saved = graph.clock.now();
    try {
      const at = async (t: number) => {
        graph.clock.set(new Date(t));
        return (await data(graph, STATE, {}, { as: sam })).me.licenses[0];
      };
      expect(await at(expiry - 1)).toMatchObject({ state: 'ACTIVE', graceEndsAt: null });
      expect(await at(expiry)).toMatchObject({ state: 'IN_GRACE', graceEndsAt: graceEndsAt.toISOString() });
      expect(await at(graceEndsAt.getTime())).toMatchObject({ state: 'EXPIRED', graceEndsAt: null });
    } finally {
      graph.clock.set(saved);
    }
  });
});
