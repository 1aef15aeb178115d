import { DEMO } from '../../kernel/demo';
import { startTestGraph, type TestGraph } from '../support/graph';
import { pdfText } from '../support/pdf-text';
import { ADDRESSES, CARDS } from '../store/support';
import { AFTER_SALE, placeOrder, run, type PlacedOrder } from './support';

/** O13: the invoice PDF, behind a signed link on the gateway's public port. */
describe('invoice PDF (O13)', () => {
  let graph: TestGraph;
  let order: PlacedOrder;

  const fetchPdf = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), body: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    graph = await startTestGraph({ env: { SELLER_NAME: 'Example Software Store, Inc.', SELLER_ADDRESS: '10 Example Plaza, Minneapolis, MN 55401, United States', SELLER_VAT_NUMBER: 'EU372000123' } });
    order = await placeOrder(graph, {
      lines: [{ productId: DEMO.products.maximumSecurity, quantity: 2 }, { productId: DEMO.products.internetSecurityBoxed, quantity: 1 }],
      billingAddress: { ...ADDRESSES.texas, name: 'Дана Демо' },
      shipping: { shippingAddress: ADDRESSES.texas, shippingMethod: 'USPS_PRIORITY' },
      cardNumber: CARDS.visa,
    });
  });
  afterAll(() => graph.close());

  it('O13: OrderDetails runs as written; the PDF has the seller, number and date, billing address, lines, shipping, tax, total and payment method, on one page', async () => {
    const details = (await run(graph, AFTER_SALE.orderDetails, { id: order.id }, { token: order.token })).order;
    expect(details.invoice.number).toMatch(/^INV-2026-\d{6}$/);
    expect(details.invoice.pdfUrl.startsWith(`${new URL(graph.gateway.url).origin}/invoices/${order.id}/${details.invoice.number}.pdf?expires=`)).toBe(true);
    const page = (await run(graph, AFTER_SALE.orderPage, { id: order.id }, { token: order.token })).order;
    const pdf = await fetchPdf(page.invoice.pdfUrl);
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    expect(pdf.disposition).toBe(`inline; filename=${details.invoice.number}.pdf`);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');

    const pages = await pdfText(pdf.body);
    expect(pages).toHaveLength(1);
    const text = pages[0].replace(/\s+/g, ' ');
    const usd = (minor: number) => `USD ${(minor / 100).toFixed(2)}`;
    for (const expected of [
      'Invoice',
      'Example Software Store, Inc.',
      '10 Example Plaza, Minneapolis, MN 55401, United States',
      'VAT number: EU372000123',
      details.invoice.number,
      'November 18, 2026',
      order.number,
      'Дана Демо',
      '100 Congress Ave',
      'Austin, TX 78701',
      'Maximum Security (1 year, 3 devices)',
      'Internet Security boxed CD (1 year, 1 device)',
      ...page.items.flatMap((item: any) => [usd(item.unitPrice.amount), usd(item.total.amount)]),
      `Shipping ${usd(page.shipping.amount)}`,
      `Sales tax ${usd(page.tax.amount)}`,
      `Total ${usd(page.total.amount)}`,
      'Paid with: Visa ending in 4242',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(CARDS.visa);
  });

  it('O9, O13: an analyst\'s copy masks the name and the street; a changed link gets 403', async () => {
    const url = (await run(graph, `query($id: ID!) { order(id: $id) { invoice { pdfUrl billingAddress { name line1 country } } } }`, { id: order.id }, { as: DEMO.accounts.analyst.id, roles: ['analyst'] })).order.invoice;
    expect(url.billingAddress).toEqual({ name: 'Д••• Д•••', line1: '•••', country: 'US' });
    expect(url.pdfUrl).toContain('view=masked');
    const text = (await pdfText((await fetchPdf(url.pdfUrl)).body))[0];
    expect(text).not.toContain('Дана');
    expect(text).not.toContain('100 Congress Ave');
    expect(text).toContain('Д••• Д•••');
    // The masked view is part of what is signed: an analyst cannot drop it.
    expect((await fetchPdf(url.pdfUrl.replace('?view=masked&', '?'))).status).toBe(403);
  });
});
