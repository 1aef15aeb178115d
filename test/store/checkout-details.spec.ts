import { DEMO } from '../../kernel/demo';
import { startTestGraph, type TestGraph } from '../support/graph';
import { ADDRESSES, shopper } from './support';

const P = DEMO.products;
const CART_FIELDS = `id currency taxIncluded requiresShipping readyToPlace shippingMethod
  lines { id unitPrice { amount currencyCode } tax { amount } total { amount } }
  shippingOptions { method tracked minBusinessDays maxBusinessDays price { amount currencyCode } }
  subtotal { amount } shipping { amount } tax { amount } total { amount currencyCode }`;
const DETAILS = `mutation($cartId: ID!, $details: CheckoutDetailsInput!) { setCheckoutDetails(cartId: $cartId, details: $details) {
  __typename ... on Cart { ${CART_FIELDS} } ... on CartError { code message field } } }`;

/** O6, O7 through the gateway: what the checkout details do to a cart's price. */
describe('checkout details: tax and shipping (O6, O7)', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  async function cartWith(lines: Array<Record<string, unknown>>): Promise<string> {
    return (await shopper(graph).add(lines)).id;
  }
  async function details(cartId: string, values: Record<string, unknown>) {
    const { body } = await graph.query(DETAILS, { cartId, details: { email: 'dana@example.com', ...values } });
    expect(body.errors).toBeUndefined();
    return body.data.setCheckoutDetails;
  }

  it('O6: a download billed to Texas carries Texas sales tax, added to the price; to California (downloads exempt) none', async () => {
    const tx = await details(await cartWith([{ productId: P.maximumSecurity, quantity: 1 }]), { billingAddress: ADDRESSES.texas });
    expect(tx).toMatchObject({ currency: 'USD', taxIncluded: false, requiresShipping: false, readyToPlace: true, subtotal: { amount: 4995 }, tax: { amount: 312 }, total: { amount: 5307, currencyCode: 'USD' } });
    expect(tx.lines[0]).toMatchObject({ unitPrice: { amount: 4995, currencyCode: 'USD' }, tax: { amount: 312 }, total: { amount: 5307 } });
    const ca = await details(await cartWith([{ productId: P.maximumSecurity, quantity: 1 }]), { billingAddress: ADDRESSES.california });
    expect(ca).toMatchObject({ tax: { amount: 0 }, total: { amount: 4995 } });
  });

  it('O1, O6: an EU billing country switches the cart to the EUR price list, VAT of that country included in the price', async () => {
    const cartId = await cartWith([{ productId: P.maximumSecurity, quantity: 2 }]);
    const de = await details(cartId, { billingAddress: ADDRESSES.germany });
    // 2 × 59.95 EUR, 19 % German VAT extracted per line: 11990 × 19/119 = 1914.
    expect(de).toMatchObject({ currency: 'EUR', taxIncluded: true, subtotal: { amount: 11990 }, tax: { amount: 1914 }, total: { amount: 11990, currencyCode: 'EUR' } });
    expect(de.lines[0]).toMatchObject({ unitPrice: { amount: 5995, currencyCode: 'EUR' }, total: { amount: 11990 } });
    const fr = await details(cartId, { billingAddress: ADDRESSES.france });
    // France: 20 %: 11990 × 20/120 = 1998.33 → 1998.
    expect(fr).toMatchObject({ currency: 'EUR', tax: { amount: 1998 }, total: { amount: 11990 } });
    const back = await details(cartId, { billingAddress: ADDRESSES.canada });
    expect(back).toMatchObject({ currency: 'USD', taxIncluded: false, tax: { amount: 0 }, total: { amount: 9990, currencyCode: 'USD' } });
  });

  it('O7: physical items need a shipping address and a method; the options are USPS First Class, First Class International and Priority, domestic ones only to the US', async () => {
    const cartId = await cartWith([{ productId: P.internetSecurityBoxed, quantity: 1 }]);
    const before = await shopper(graph).cart(cartId);
    expect(before.shippingOptions.map((o: any) => o.method).sort()).toEqual(['USPS_FIRST_CLASS', 'USPS_FIRST_CLASS_INTERNATIONAL', 'USPS_PRIORITY']);
    expect(await details(cartId, { billingAddress: ADDRESSES.texas })).toMatchObject({ code: 'SHIPPING_ADDRESS_REQUIRED', field: ['details', 'shippingAddress'] });
    expect(await details(cartId, { billingAddress: ADDRESSES.texas, shippingAddress: ADDRESSES.texas })).toMatchObject({ code: 'SHIPPING_METHOD_REQUIRED' });
    expect(await details(cartId, { billingAddress: ADDRESSES.texas, shippingAddress: ADDRESSES.texas, shippingMethod: 'USPS_FIRST_CLASS_INTERNATIONAL' })).toMatchObject({ code: 'SHIPPING_METHOD_NOT_AVAILABLE' });
    expect(await details(cartId, { billingAddress: ADDRESSES.texas, shippingAddress: ADDRESSES.germany, shippingMethod: 'USPS_PRIORITY' })).toMatchObject({ code: 'SHIPPING_METHOD_NOT_AVAILABLE' });

    const domestic = await details(cartId, { billingAddress: ADDRESSES.texas, shippingAddress: ADDRESSES.texas, shippingMethod: 'USPS_PRIORITY' });
    expect(domestic.shippingOptions).toEqual([
      { method: 'USPS_FIRST_CLASS', tracked: false, minBusinessDays: 3, maxBusinessDays: 7, price: { amount: 499, currencyCode: 'USD' } },
      { method: 'USPS_PRIORITY', tracked: true, minBusinessDays: 2, maxBusinessDays: 4, price: { amount: 1099, currencyCode: 'USD' } },
    ]);
    // Texas taxes the goods and the delivery charge: 5995 × 6.25 % = 375, 1099 × 6.25 % = 69.
    expect(domestic).toMatchObject({ shippingMethod: 'USPS_PRIORITY', shipping: { amount: 1099 }, tax: { amount: 444 }, total: { amount: 7538 }, readyToPlace: true });

    const abroad = await details(cartId, { billingAddress: ADDRESSES.germany, shippingAddress: ADDRESSES.germany, shippingMethod: 'USPS_FIRST_CLASS_INTERNATIONAL' });
    expect(abroad.shippingOptions).toEqual([{ method: 'USPS_FIRST_CLASS_INTERNATIONAL', tracked: false, minBusinessDays: 7, maxBusinessDays: 21, price: { amount: 1499, currencyCode: 'EUR' } }]);
    // O6: physical goods for EU customers carry their national VAT, included: 6995 × 19/119 = 1117, shipping 1499 × 19/119 = 239.
    expect(abroad).toMatchObject({ currency: 'EUR', taxIncluded: true, shipping: { amount: 1499 }, tax: { amount: 1356 }, total: { amount: 8494, currencyCode: 'EUR' } });
  });

  it('O7: a country under U.S. trade sanctions is refused for billing and for shipping', async () => {
    const cartId = await cartWith([{ productId: P.internetSecurityBoxed, quantity: 1 }]);
    expect(await details(cartId, { billingAddress: ADDRESSES.cuba })).toMatchObject({ code: 'COUNTRY_SANCTIONED', field: ['details', 'billingAddress', 'country'] });
    expect(await details(cartId, { billingAddress: ADDRESSES.texas, shippingAddress: { ...ADDRESSES.cuba }, shippingMethod: 'USPS_FIRST_CLASS_INTERNATIONAL' })).toMatchObject({
      code: 'COUNTRY_SANCTIONED',
      field: ['details', 'shippingAddress', 'country'],
    });
  });

  it('bad addresses and e-mails are typed errors that change nothing', async () => {
    const cartId = await cartWith([{ productId: P.maximumSecurity, quantity: 1 }]);
    await details(cartId, { billingAddress: ADDRESSES.texas });
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ billingAddress: { ...ADDRESSES.texas, postalCode: '' } }, 'ADDRESS_INCOMPLETE', 'postalCode'],
      [{ billingAddress: { ...ADDRESSES.texas, country: 'USA' } }, 'INVALID_COUNTRY', 'country'],
      [{ billingAddress: { ...ADDRESSES.texas, country: 'XX' } }, 'INVALID_COUNTRY', 'country'],
      [{ billingAddress: { ...ADDRESSES.texas, region: 'ZZ' } }, 'INVALID_REGION', 'region'],
      [{ billingAddress: { ...ADDRESSES.texas, postalCode: '7870' } }, 'INVALID_POSTAL_CODE', 'postalCode'],
      [{ billingAddress: { ...ADDRESSES.texas, name: '   ' } }, 'ADDRESS_INCOMPLETE', 'name'],
    ];
    for (const [values, code, field] of cases) {
      const refused = await details(cartId, values);
      expect(refused).toMatchObject({ __typename: 'CartError', code, field: ['details', 'billingAddress', field] });
      expect(refused.message.length).toBeGreaterThan(10);
    }
    expect(await details(cartId, { email: 'not-an-address', billingAddress: ADDRESSES.texas })).toMatchObject({ code: 'INVALID_EMAIL', field: ['details', 'email'] });
    const unchanged = await graph.query('query($id: ID!) { cart(id: $id) { billingAddress { region postalCode } total { amount } } }', { id: cartId });
    expect(unchanged.body.data.cart).toEqual({ billingAddress: { region: 'TX', postalCode: '78701' }, total: { amount: 5307 } });
  });
});
