import { DEMO } from '../../kernel/demo';
import { BOTH_DATABASES } from '../support/database';
import { startTestGraph, type TestGraph } from '../support/graph';
import { placeOrder } from '../after-sale/support';
import { countRows, data, device, freshAddress, PORTAL, registerInstallation, REGISTER_INSTALLATION, REMOVE_INSTALLATION } from './licenses-support';

const L = DEMO.licenses;
const dana = DEMO.accounts.dana.id;
const sam = DEMO.accounts.sam.id;
/** Dana's Auto-Renewal license: 3 devices, 2 of them installed in the demo. */
const DANA_CODE = 'AC-MS-7Q4K2W9P';
/** Sam's license: 3 devices, none installed. */
const SAM_CODE = 'AC-MS-2B6T9Y1Q';

// Both databases: the device limit must hold under parallel registrations on each.
describe.each(BOTH_DATABASES)('installations on $name (S2)', ({ kind }) => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph({ database: kind });
  });
  afterAll(() => graph.close());

  const installationsOf = async (licenseId: string, as: string) =>
    ((await data(graph, PORTAL.myProducts(), {}, { as })).me.licenses as any[]).find((l) => l.id === licenseId).installations as any[];

  it('S2: the app registers its device with the activation code, anonymously; the account shows it; the same device again changes nothing', async () => {
    const before = await countRows(graph, 'installations', 'licenseId', L.autoRenewing);
    const first = await registerInstallation(graph, DANA_CODE, device('laptop', { deviceName: 'Work laptop', platform: 'macOS' }));
    expect(first).toMatchObject({ __typename: 'InstallationRegistration', alreadyRegistered: false, licenseState: 'ACTIVE', devices: 3, devicesUsed: before + 1 });
    expect(first.installation).toMatchObject({ deviceName: 'Work laptop', platform: 'macOS', registeredAt: graph.clock.now().toISOString() });
    const again = await registerInstallation(graph, DANA_CODE, device('laptop', { deviceName: 'Renamed', platform: 'macOS' }));
    expect(again).toMatchObject({ __typename: 'InstallationRegistration', alreadyRegistered: true, devicesUsed: before + 1 });
    expect(again.installation).toEqual(first.installation);
    expect(await countRows(graph, 'installations', 'licenseId', L.autoRenewing)).toBe(before + 1);
    const listed = await installationsOf(L.autoRenewing, dana);
    expect(listed.map((i) => i.id)).toContain(first.installation.id);
    expect(listed.find((i) => i.id === first.installation.id)).toMatchObject({ deviceName: 'Work laptop', platform: 'macOS' });
  });

  it('S2: a license without an activation code is registered with its serial number', async () => {
    const result = await registerInstallation(graph, 'IS4D-88QW-ZX19-KLM2', device('boxed-pc'));
    // The boxed license covers one device and the demo has installed it already.
    expect(result).toMatchObject({ __typename: 'InstallationError', code: 'DEVICE_LIMIT_REACHED', deviceLimit: 1 });
  });

  it('S2: a device over the limit gets DEVICE_LIMIT_REACHED and nothing is written; removing an installation frees its seat', async () => {
    const code = 'AC-BB-4MZP77TT'; // 1 device, none installed
    expect(await registerInstallation(graph, code, device('first'))).toMatchObject({ __typename: 'InstallationRegistration', devicesUsed: 1 });
    const over = await registerInstallation(graph, code, device('second'));
    expect(over).toMatchObject({ __typename: 'InstallationError', code: 'DEVICE_LIMIT_REACHED', deviceLimit: 1, field: null });
    expect(over.message).toMatch(/covers 1 device/);
    expect(await countRows(graph, 'installations', 'licenseId', L.unregistered)).toBe(1);
    // The first device still registers again: it holds its seat.
    expect(await registerInstallation(graph, code, device('first'))).toMatchObject({ alreadyRegistered: true });
  });

  it('S2: of parallel registrations for the last seats, exactly as many succeed as there are seats', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => registerInstallation(graph, SAM_CODE, device(`race-${i}`))));
    expect(results.filter((r) => r.__typename === 'InstallationRegistration')).toHaveLength(3);
    expect(results.filter((r) => r.code === 'DEVICE_LIMIT_REACHED')).toHaveLength(5);
    expect(await countRows(graph, 'installations', 'licenseId', L.sam)).toBe(3);
    // The same device registering from several places at once takes one seat.
    const code = 'MS9D-2LQW-7RTY-55AB';
    const same = await Promise.all(Array.from({ length: 5 }, () => registerInstallation(graph, code, device('twin'))));
    expect(new Set(same.map((r) => r.installation.id)).size).toBe(1);
    expect(same.filter((r) => !r.alreadyRegistered)).toHaveLength(1);
    expect(await countRows(graph, 'installations', 'licenseId', L.unregisteredDownload)).toBe(1);
  });

  it('bad input: an unknown code, a code in the wrong case, an expired or revoked license: typed errors, nothing written', async () => {
    const total = async () => Number((await graph.subgraphs.subscription.dataSource.query('SELECT COUNT(*) AS n FROM installations'))[0].n);
    const before = await total();
    expect(await registerInstallation(graph, 'AC-XX-NOSUCHCD', device('x'))).toMatchObject({ code: 'UNKNOWN_PRODUCT_CODE', field: ['input', 'activationCode'] });
    expect(await registerInstallation(graph, DANA_CODE.toLowerCase(), device('x'))).toMatchObject({ code: 'UNKNOWN_PRODUCT_CODE' }); // S1: case-sensitive
    expect(await registerInstallation(graph, '   ', device('x'))).toMatchObject({ code: 'UNKNOWN_PRODUCT_CODE' });
    expect(await registerInstallation(graph, 'AC-AV-3J7H55TR', device('x'))).toMatchObject({ code: 'LICENSE_EXPIRED' });
    await graph.subgraphs.subscription.dataSource.query("UPDATE licenses SET storedState = 'REVOKED' WHERE id = ?", [L.partner]);
    expect(await registerInstallation(graph, 'TBB9-2M4N-7QW1-XY5Z', device('x'))).toMatchObject({ code: 'LICENSE_REVOKED' });
    // Even a device it had: a revoked license protects nothing.
    expect(await registerInstallation(graph, 'TBB9-2M4N-7QW1-XY5Z', { deviceId: 'demo-device-104', deviceName: "Dana's phone", platform: 'Android' })).toMatchObject({ code: 'LICENSE_REVOKED' });
    await graph.subgraphs.subscription.dataSource.query("UPDATE licenses SET storedState = 'ACTIVE' WHERE id = ?", [L.partner]);
    expect(await registerInstallation(graph, DANA_CODE, device('x', { deviceName: ' \u3000 ' }))).toMatchObject({ code: 'DEVICE_DETAILS_MISSING', field: ['input', 'deviceName'] });
    expect(await registerInstallation(graph, DANA_CODE, device('x', { deviceId: '' }))).toMatchObject({ code: 'DEVICE_DETAILS_MISSING', field: ['input', 'deviceId'] });
    expect(await registerInstallation(graph, DANA_CODE, device('x', { platform: ' ' }))).toMatchObject({ code: 'DEVICE_DETAILS_MISSING', field: ['input', 'platform'] });
    const tooLong = await graph.query(REGISTER_INSTALLATION, { input: { activationCode: DANA_CODE, ...device('x', { platform: 'W'.repeat(41) }) } }, { headers: freshAddress() });
    expect(tooLong.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.platform' });
    expect(await total()).toBe(before);
  });

  it('S2: wrong codes from one client address are slowed down; other addresses are not, and the window forgets them', async () => {
    const from = freshAddress();
    const wrong = () => registerInstallation(graph, 'AC-XX-GUESSING', device('guess'), from);
    for (let i = 0; i < 5; i++) expect(await wrong()).toMatchObject({ code: 'UNKNOWN_PRODUCT_CODE' });
    const sixth = await wrong();
    expect(sixth.code).toBe('UNKNOWN_PRODUCT_CODE');
    const throttled = await wrong();
    expect(throttled).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 });
    // Another address is not slowed down by these.
    expect(await registerInstallation(graph, DANA_CODE, device('laptop'))).toMatchObject({ alreadyRegistered: true });
    graph.clock.advance(16 * 60_000); // the window of 15 minutes has passed
    expect(await registerInstallation(graph, DANA_CODE, device('laptop'), from)).toMatchObject({ alreadyRegistered: true });
  });

  it('S2: the owner removes an installation; someone else\'s, or one that does not exist, is NOT_FOUND and nothing is removed', async () => {
    const [target] = await installationsOf(L.autoRenewing, dana);
    const refusal = async (installationId: string, options: Parameters<TestGraph['query']>[2]) => {
      const { body } = await graph.query(REMOVE_INSTALLATION, { installationId }, options);
      expect(body.data).toBeNull();
      return body.errors?.map((e) => ({ message: e.message, code: e.extensions?.code }));
    };
    const notFound = await refusal('00000000-0000-4000-a000-000000000999', { as: sam });
    expect(notFound).toEqual([{ message: expect.any(String), code: 'NOT_FOUND' }]);
    expect(await refusal(target.id, { as: sam })).toEqual(notFound);
    // Staff read licenses; they do not change them for the customer.
    expect(await refusal(target.id, { as: sam, roles: ['support'] })).toEqual(notFound);
    const anonymous = await graph.query(REMOVE_INSTALLATION, { installationId: target.id });
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await countRows(graph, 'installations', 'id', target.id)).toBe(1);

    const removed = (await data(graph, REMOVE_INSTALLATION, { installationId: target.id }, { as: dana })).removeInstallation;
    expect(removed.id).toBe(L.autoRenewing);
    expect(removed.installations.map((i: any) => i.id)).not.toContain(target.id);
    expect(await countRows(graph, 'installations', 'id', target.id)).toBe(0);
    expect(await refusal(target.id, { as: dana })).toEqual(notFound);
    // The seat is free: a new device takes it, the next is over the limit.
    expect(await registerInstallation(graph, DANA_CODE, device('tablet'))).toMatchObject({ __typename: 'InstallationRegistration', devicesUsed: 3 });
    expect(await registerInstallation(graph, DANA_CODE, device('one-too-many'))).toMatchObject({ code: 'DEVICE_LIMIT_REACHED' });
  });

  it("S2, O8: a guest removes an installation of the order's license with the order token; another order's token cannot", async () => {
    const order = await placeOrder(graph, { lines: [{ productId: DEMO.products.antivirusAnnual, quantity: 1 }] });
    const other = await placeOrder(graph, { lines: [{ productId: DEMO.products.antivirusAnnual, quantity: 1 }] });
    await graph.drain();
    const [license] = (await data(graph, 'query($id: ID!) { order(id: $id) { licenses { id activationCode } } }', { id: order.id }, { token: order.token })).order.licenses;
    const registered = await registerInstallation(graph, license.activationCode, device('guest-pc'));
    expect(registered.__typename).toBe('InstallationRegistration');
    const wrongToken = await graph.query(REMOVE_INSTALLATION, { installationId: registered.installation.id }, { token: other.token });
    expect(wrongToken.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const removed = (await data(graph, REMOVE_INSTALLATION, { installationId: registered.installation.id }, { token: order.token })).removeInstallation;
    expect(removed).toEqual({ id: license.id, installations: [] });
  });
});
