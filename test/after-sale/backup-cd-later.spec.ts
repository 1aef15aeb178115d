import { DEMO } from '../../kernel/demo';
import { startTestGraph, type TestGraph } from '../support/graph';
import { ADDRESSES, CARDS, card, STORE } from '../store/support';
import { AFTER_SALE, placeOrder, run, type PlacedOrder } from './support';

const DAY = 86_400_000;
const ORDER = `query($id: ID!) { order(id: $id) { id kind state items { id quantity backupCdForOrderItemId product { id delivery } }
  shipments { state items { id } } relatedOrder { id } laterPurchases { id kind items { backupCdForOrderItemId } } } }`;
const ADD = `mutation($cartId: ID, $lines: [CartLineInput!]!) { addToCart(cartId: $cartId, lines: $lines) { __typename
  ... on Cart { id lines { id quantity backupCdForOrderItem product { id } } }
  ... on ErrorResult { code message } } }`;

/** O2 through the gateway: a Backup CD bought later for a download item of an existing order. */
describe('a Backup CD bought later (O2)', () => {
  let graph: TestGraph;
  let order: PlacedOrder;
  let boxed: PlacedOrder;
  let downloadItem: string;
  let boxedItem: string;
  const dana = DEMO.accounts.dana.id;

  beforeAll(async () => {
    graph = await startTestGraph();
    order = await placeOrder(graph, { as: dana, email: 'dana@example.com', lines: [{ productId: DEMO.products.maximumSecurity, quantity: 2 }] });
    boxed = await placeOrder(graph, {
      as: dana,
      email: 'dana@example.com',
      lines: [{ productId: DEMO.products.internetSecurityBoxed, quantity: 1 }],
      shipping: { shippingAddress: ADDRESSES.texas, shippingMethod: 'USPS_PRIORITY' },
    });
    downloadItem = (await run(graph, ORDER, { id: order.id }, { as: dana })).order.items[0].id;
    boxedItem = (await run(graph, ORDER, { id: boxed.id }, { as: dana })).order.items[0].id;
  });
  afterAll(() => graph.close());

  const cartRows = async () => Number((await graph.subgraphs.order.dataSource.query('SELECT COUNT(*) AS n FROM cart_lines'))[0].n);
  const addCd = async (orderItemId: string, as: Record<string, unknown>, quantity = 1) => {
    const lines = await cartRows();
    const answer = (await run(graph, ADD, { cartId: null, lines: [{ productId: DEMO.products.backupCd, quantity, backupCdForOrderItem: orderItemId }] }, as)).addToCart;
    if (answer.__typename !== 'Cart') expect(await cartRows()).toBe(lines);
    return answer;
  };

  it('O2: the owner buys it with AddToCart as written; it ships like any physical item and the page of the first order shows it', async () => {
    const cart = (await run(graph, STORE.addToCart, { cartId: null, lines: [{ productId: DEMO.products.backupCd, quantity: 2, backupCdForOrderItem: downloadItem }] }, { as: dana })).addToCart;
    expect(cart).toMatchObject({ __typename: 'Cart', lines: [{ quantity: 2, product: { id: DEMO.products.backupCd, delivery: 'PHYSICAL' } }] });
    const s = await run(graph, STORE.setCheckoutDetails, { cartId: cart.id, details: { email: 'dana@example.com', billingAddress: ADDRESSES.texas, shippingAddress: ADDRESSES.texas, shippingMethod: 'USPS_PRIORITY' } }, { as: dana });
    expect(s.setCheckoutDetails.__typename).toBe('Cart');
    const placed = (await run(graph, STORE.placeOrder, { cartId: cart.id, payment: card(CARDS.visa) }, { as: dana })).placeOrder;
    expect(placed.__typename).toBe('OrderConfirmation');
    const later = placed.access.order.id;

    graph.clock.advance(2 * DAY);
    await graph.drain();
    const page = (await run(graph, ORDER, { id: later }, { as: dana })).order;
    expect(page).toMatchObject({ kind: 'ADDITIONAL_PURCHASE', state: 'SHIPPED', relatedOrder: { id: order.id }, items: [{ quantity: 2, backupCdForOrderItemId: downloadItem }] });
    expect(page.shipments).toEqual([{ state: 'SHIPPED', items: [{ id: page.items[0].id }] }]);
    const first = (await run(graph, ORDER, { id: order.id }, { as: dana })).order;
    expect(first.laterPurchases).toEqual([{ id: later, kind: 'ADDITIONAL_PURCHASE', items: [{ backupCdForOrderItemId: downloadItem }] }]);
  });

  it('O2, O8: the holder of the order token may buy one too; one CD per copy at most', async () => {
    const token = (await run(graph, AFTER_SALE.quickOrderLookup, { input: { orderNumber: order.number, orderPassword: order.password } })).lookupOrder.token;
    // Two copies, two CDs already bought: none left.
    expect(await addCd(downloadItem, { token })).toMatchObject({ __typename: 'CartError', code: 'INVALID_QUANTITY' });
    const other = await placeOrder(graph, { email: 'guest@example.com', lines: [{ productId: DEMO.products.maximumSecurity, quantity: 1 }] });
    const guestItem = (await run(graph, ORDER, { id: other.id }, { token: other.token })).order.items[0].id;
    expect(await addCd(guestItem, { token: other.token })).toMatchObject({ __typename: 'Cart', lines: [{ backupCdForOrderItem: guestItem }] });
  });

  describe('bad input: a typed error, nothing written', () => {
    it('O2: a Backup CD for a physical item', async () => {
      expect(await addCd(boxedItem, { as: dana })).toMatchObject({ code: 'BACKUP_CD_ORDER_ITEM_NOT_DOWNLOAD' });
    });

    it("O2: a Backup CD for someone else's order, with another order's token, or for an item that does not exist: not found", async () => {
      expect(await addCd(downloadItem, { as: DEMO.accounts.sam.id })).toMatchObject({ code: 'ORDER_NOT_FOUND' });
      expect(await addCd(downloadItem, {})).toMatchObject({ code: 'ORDER_NOT_FOUND' });
      const boxedToken = (await run(graph, AFTER_SALE.quickOrderLookup, { input: { orderNumber: boxed.number, orderPassword: boxed.password } })).lookupOrder.token;
      expect(await addCd(downloadItem, { token: boxedToken })).toMatchObject({ code: 'ORDER_NOT_FOUND' });
      expect(await addCd('00000000-0000-4000-a000-000000000000', { as: dana })).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    });

    it('O2: an order item named for a product that is not a Backup CD', async () => {
      const lines = await cartRows();
      const answer = (await run(graph, ADD, { cartId: null, lines: [{ productId: DEMO.products.maximumSecurity, quantity: 1, backupCdForOrderItem: downloadItem }] }, { as: dana })).addToCart;
      expect(answer).toMatchObject({ code: 'NOT_AN_ADD_ON' });
      expect(await cartRows()).toBe(lines);
    });
  });
});
