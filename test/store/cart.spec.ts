import { DEMO } from '../../kernel/demo';
import { SUBGRAPH_NAMES } from '../../kernel/config';
import { startTestGraph, type TestGraph } from '../support/graph';
import { ADDRESSES, shopper, STORE } from './support';

const P = DEMO.products;

/** O1, O2 through the gateway: the catalog, and a cart as the store's client drives it. */
describe('catalog and cart (O1, O2)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  const add = (lines: Array<Record<string, unknown>>, cartId: string | null = null, as?: string) => shopper(graph, as).add(lines, cartId);

  it('O1: the Catalog operation lists downloads, shipments and both, terms, the Auto-Renewal Plan, a one-off product and the Backup CD, priced per currency', async () => {
    const { body } = await graph.query(STORE.catalog, {});
    expect(body.errors).toBeUndefined();
    const products = body.data.products as any[];
    const bySku = Object.fromEntries(products.map((p) => [p.sku, p]));
    expect(new Set(products.map((p) => p.delivery))).toEqual(new Set(['DOWNLOAD', 'PHYSICAL', 'DOWNLOAD_AND_PHYSICAL']));
    // Security suites for 1, 3 and 5 devices, monthly and annual, with the Auto-Renewal Plan.
    for (const sku of ['AV-1M-1D', 'AV-1Y-1D', 'IS-1M-3D', 'IS-1Y-3D', 'MS-1M-5D', 'MS-1Y-5D']) expect(bySku[sku]).toMatchObject({ autoRenewAvailable: true, isAddOn: false });
    expect(bySku['AV-1M-1D'].term).toBe('MONTHLY');
    expect(bySku['MS-1Y-5D'].term).toBe('ANNUAL');
    expect(bySku['IS-1Y-CD']).toMatchObject({ delivery: 'PHYSICAL', autoRenewAvailable: false });
    expect(bySku['PCT-PERP-1D']).toMatchObject({ term: null, autoRenewAvailable: false, isAddOn: false });
    expect(bySku['BACKUP-CD']).toMatchObject({ isAddOn: true, delivery: 'PHYSICAL', term: null });
    expect(bySku['MS-1Y-3D'].price).toEqual({ amount: 4995, currencyCode: 'USD' });

    // Price lists, not conversions: the EUR list is its own (and includes VAT).
    const eur = await graph.query('{ products { sku price(currency: EUR) { amount currencyCode } prices { amount currencyCode } } }', {});
    const ms = eur.body.data.products.find((p: any) => p.sku === 'MS-1Y-3D');
    expect(ms.price).toEqual({ amount: 5995, currencyCode: 'EUR' });
    expect(ms.prices).toEqual(expect.arrayContaining([{ amount: 4995, currencyCode: 'USD' }, { amount: 5995, currencyCode: 'EUR' }]));
  });

  it('O1: a new cart id is an unguessable capability of at least 128 random bits', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await add([{ productId: P.antivirusMonthly, quantity: 1 }])).id);
    expect(ids.size).toBe(5);
    for (const id of ids) expect(Buffer.from(id, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('O1: whoever holds the id reads and changes the cart; a signed-in shopper\'s cart is tied to the account, and others get the answer of a missing cart', async () => {
    const guest = await add([{ productId: P.antivirusMonthly, quantity: 2 }]);
    const read = await shopper(graph).cart(guest.id);
    expect(read.lines).toHaveLength(1);
    expect(read.total).toEqual({ amount: 998, currencyCode: 'USD' });

    const danas = await add([{ productId: P.antivirusAnnual, quantity: 1 }], null, DEMO.accounts.dana.id);
    expect(await shopper(graph).cart(danas.id)).toBeNull();
    expect(await shopper(graph, DEMO.accounts.sam.id).cart(danas.id)).toBeNull();
    expect((await shopper(graph, DEMO.accounts.dana.id).cart(danas.id)).lines).toHaveLength(1);
    const stranger = await shopper(graph, DEMO.accounts.sam.id).add([{ productId: P.antivirusMonthly, quantity: 1 }], danas.id);
    const missing = await shopper(graph).add([{ productId: P.antivirusMonthly, quantity: 1 }], 'no-such-cart');
    expect(stranger).toMatchObject({ __typename: 'CartError', code: 'CART_NOT_FOUND' });
    expect(missing).toEqual({ ...stranger });

    // A guest's cart used by a signed-in shopper becomes theirs.
    await shopper(graph, DEMO.accounts.sam.id).add([{ productId: P.antivirusMonthly, quantity: 1 }], guest.id);
    expect(await shopper(graph).cart(guest.id)).toBeNull();
  });

  it('O1: many shoppers starting carts at once all get one (no deadlock between new carts on MySQL)', async () => {
    // Each new cart once took gap locks on the cart-lines index while deleting lines it did not
    // have; two such carts then deadlocked on their inserts and one shopper got INTERNAL_SERVER_ERROR.
    const carts = await Promise.all(Array.from({ length: 24 }, () => add([{ productId: P.maximumSecurity, quantity: 1 }, { productId: P.internetSecurityBoxed, quantity: 2 }])));
    expect(carts.map((c) => c.__typename)).toEqual(carts.map(() => 'Cart'));
    expect(new Set(carts.map((c) => c.id)).size).toBe(24);
    // And changing them all at once as well.
    const changed = await Promise.all(carts.map((c) => add([{ productId: P.pcTuneUp, quantity: 1 }], c.id)));
    expect(changed.map((c) => c.lines.length)).toEqual(carts.map(() => 3));
  });

  it('O1: quantities are 1 to 99; the same product again adds to its line', async () => {
    const cart = await add([{ productId: P.antivirusMonthly, quantity: 98 }]);
    for (const quantity of [0, -1, 100]) {
      const refused = await add([{ productId: P.antivirusMonthly, quantity }]);
      expect(refused).toMatchObject({ __typename: 'CartError', code: 'INVALID_QUANTITY' });
    }
    const merged = await add([{ productId: P.antivirusMonthly, quantity: 1 }], cart.id);
    expect(merged.lines).toEqual([expect.objectContaining({ quantity: 99 })]);
    const over = await add([{ productId: P.antivirusMonthly, quantity: 1 }], cart.id);
    expect(over).toMatchObject({ code: 'INVALID_QUANTITY' });
    expect((await shopper(graph).cart(cart.id)).lines[0].quantity).toBe(99);
  });

  it('O1: an unknown product is a typed error and changes nothing', async () => {
    const cart = await add([{ productId: P.antivirusMonthly, quantity: 1 }]);
    const refused = await add([{ productId: P.antivirusAnnual, quantity: 1 }, { productId: '00000000-0000-4000-a000-0000000000ff', quantity: 1 }], cart.id);
    expect(refused).toMatchObject({ __typename: 'CartError', code: 'UNKNOWN_PRODUCT' });
    const { body } = await graph.query('mutation($c: ID, $l: [CartLineInput!]!) { addToCart(cartId: $c, lines: $l) { ... on CartError { code message field } } }', { c: cart.id, l: [{ productId: 'nope', quantity: 1 }] });
    expect(body.data.addToCart).toMatchObject({ code: 'UNKNOWN_PRODUCT', field: ['lines', '0', 'productId'] });
    expect((await shopper(graph).cart(cart.id)).lines).toHaveLength(1);
  });

  it('S3: the Auto-Renewal Plan only for a product that offers it', async () => {
    const refused = await add([{ productId: P.internetSecurityBoxed, quantity: 1, autoRenew: true }]);
    expect(refused).toMatchObject({ code: 'AUTO_RENEW_NOT_AVAILABLE' });
    const ok = await add([{ productId: P.maximumSecurity, quantity: 1, autoRenew: true }]);
    expect(ok.lines[0].autoRenew).toBe(true);
  });

  it('O2: a Backup CD only for a download line of the same cart; never alone, never for a physical line; it goes with its download line', async () => {
    const alone = await add([{ productId: P.backupCd, quantity: 1 }]);
    expect(alone).toMatchObject({ __typename: 'CartError', code: 'BACKUP_CD_ALONE' });

    const cart = await add([{ productId: P.maximumSecurity, quantity: 1 }, { productId: P.internetSecurityBoxed, quantity: 1 }, { productId: P.premiumSuite, quantity: 1 }]);
    const [download, boxed, suite] = cart.lines;
    for (const physical of [boxed, suite]) {
      const refused = await add([{ productId: P.backupCd, quantity: 1, backupCdFor: physical.id }], cart.id);
      expect(refused).toMatchObject({ code: 'BACKUP_CD_NOT_FOR_PHYSICAL' });
    }
    const other = await add([{ productId: P.antivirusMonthly, quantity: 1 }]);
    const foreign = await add([{ productId: P.backupCd, quantity: 1, backupCdFor: other.lines[0].id }], cart.id);
    expect(foreign).toMatchObject({ code: 'BACKUP_CD_ALONE' });
    const notAddOn = await add([{ productId: P.antivirusMonthly, quantity: 1, backupCdFor: download.id }], cart.id);
    expect(notAddOn).toMatchObject({ code: 'NOT_AN_ADD_ON' });

    const withCd = await add([{ productId: P.backupCd, quantity: 1, backupCdFor: download.id }], cart.id);
    expect(withCd.lines).toHaveLength(4);
    const tooMany = await add([{ productId: P.backupCd, quantity: 1, backupCdFor: download.id }], cart.id);
    expect(tooMany).toMatchObject({ code: 'INVALID_QUANTITY' });

    const { body } = await graph.query(STORE.removeFromCart, { cartId: cart.id, lineId: download.id });
    expect(body.data.removeFromCart.lines.map((l: any) => l.id)).toEqual([boxed.id, suite.id]);
  });

  it('O1: emptyCart starts over: no lines, no checkout details', async () => {
    const cart = await add([{ productId: P.maximumSecurity, quantity: 1 }]);
    await shopper(graph).details(cart.id, { email: 'dana@example.com', billingAddress: ADDRESSES.germany });
    const { body } = await graph.query(STORE.emptyCart, { cartId: cart.id });
    expect(body.data.emptyCart).toEqual({ __typename: 'Cart', id: cart.id, lines: [] });
    const after = await graph.query('query($id: ID!) { cart(id: $id) { currency email billingAddress { country } total { amount } readyToPlace } }', { id: cart.id });
    expect(after.body.data.cart).toEqual({ currency: 'USD', email: null, billingAddress: null, total: { amount: 0 }, readyToPlace: false });
    const missing = await graph.query(STORE.emptyCart, { cartId: 'not-a-cart' });
    expect(missing.body.data.emptyCart).toMatchObject({ code: 'CART_NOT_FOUND' });
  });

  it('O1: an abandoned cart expires through a job on the one clock; one in use is kept', async () => {
    const abandoned = await add([{ productId: P.maximumSecurity, quantity: 1 }]);
    const used = await add([{ productId: P.maximumSecurity, quantity: 1 }]);
    graph.clock.advance(20 * 86_400_000);
    await add([{ productId: P.antivirusMonthly, quantity: 1 }], used.id);
    graph.clock.advance(11 * 86_400_000);
    await graph.drain();
    expect(await shopper(graph).cart(abandoned.id)).toBeNull();
    const rows = await graph.subgraphs.order.dataSource.query('SELECT COUNT(*) AS n FROM carts WHERE idHash = ?', [require('node:crypto').createHash('sha256').update(abandoned.id).digest('hex')]);
    expect(Number(rows[0].n)).toBe(0);
    expect((await shopper(graph).cart(used.id)).lines).toHaveLength(2);
  });

  it('CartView costs the same SQL statements for 1 line as for 12', async () => {
    const statements = async (cartId: string) => {
      const before = graph.sqlCounts();
      const { body } = await graph.query(STORE.cartById, { cartId });
      expect(body.errors).toBeUndefined();
      const after = graph.sqlCounts();
      return Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, after[n] - before[n]]));
    };
    const one = await add([{ productId: P.maximumSecurity, quantity: 1 }]);
    const products = [P.antivirusMonthly, P.antivirusAnnual, P.internetSecurityMonthly, P.internetSecurityAnnual, P.maximumSecurity, P.maximumSecurityMonthly, P.maximumSecurityFiveDevices, P.internetSecurityBoxed, P.premiumSuite, P.pcTuneUp];
    const many = await add(products.map((productId) => ({ productId, quantity: 2 })));
    await add([{ productId: P.maximumSecurity, quantity: 1, autoRenew: true }, { productId: P.backupCd, quantity: 1, backupCdFor: many.lines[0].id }], many.id);
    expect((await shopper(graph).cart(many.id)).lines).toHaveLength(12);
    const small = await statements(one.id);
    const large = await statements(many.id);
    expect(large).toEqual(small);
    expect(small).toEqual({ account: 0, order: 3, subscription: 0 });
  });
});
