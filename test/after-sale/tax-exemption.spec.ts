import { DEMO } from '../../kernel/demo';
import { startTestGraph, type TestGraph } from '../support/graph';
import { ADDRESSES } from '../store/support';
import { placeOrder, run, type PlacedOrder } from './support';

const DAY = 86_400_000;
const SUBMIT = `mutation($input: TaxExemptionCertificateInput!) { submitTaxExemptionCertificate(input: $input) { __typename
  ... on TaxExemptionCertificate { id state orderId certificateNumber issuingCountry issuingRegion refundId }
  ... on TaxExemptionError { code message field } } }`;
const APPROVE = `mutation($id: ID!) { approveTaxExemption(certificateId: $id) { __typename
  ... on TaxExemptionCertificate { id state decidedAt refundId } ... on ErrorResult { code message } } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectTaxExemption(certificateId: $id, reason: $reason) { __typename
  ... on TaxExemptionCertificate { id state rejectionReason refundId } ... on ErrorResult { code message } } }`;
const PAGE = `query($id: ID!) { order(id: $id) { tax { amount } state taxExemptionCertificates { id state }
  refunds { id kind state amount { amount } tax { amount } expectedCreditBy items { orderItemId } }
  payments { kind state amount { amount } } licenses { state } } }`;

/** O6 through the gateway: a tax-exempt customer's certificate, support's decision, the tax refunded. */
describe('tax-exempt refund (O6)', () => {
  let graph: TestGraph;
  let order: PlacedOrder;
  const dana = DEMO.accounts.dana.id;
  const support = { as: DEMO.accounts.support.id, roles: ['support' as const] };
  const certificate = (overrides: Record<string, unknown> = {}) => ({
    orderId: order.id,
    certificateNumber: 'TX-1234567',
    issuingCountry: 'US',
    issuingRegion: 'TX',
    holder: { ...ADDRESSES.texas, name: 'Austin Community School', line1: '100 congress ave.' },
    ...overrides,
  });
  const rows = async () => Number((await graph.subgraphs.order.dataSource.query('SELECT COUNT(*) AS n FROM tax_exemption_certificates'))[0].n);
  const submit = async (input: Record<string, unknown>, as: Record<string, unknown> = { as: dana }) => (await run(graph, SUBMIT, { input }, as)).submitTaxExemptionCertificate;

  beforeAll(async () => {
    graph = await startTestGraph();
    order = await placeOrder(graph, { as: dana, email: 'dana@example.com', lines: [{ productId: DEMO.products.maximumSecurity, quantity: 1 }], billingAddress: ADDRESSES.texas });
    graph.clock.advance(DAY + 1_000); // charged
    await graph.drain();
  });
  afterAll(() => graph.close());

  it("O6: an address that does not match the order's is refused at once, and nothing is written", async () => {
    const before = await rows();
    expect(await submit(certificate({ holder: ADDRESSES.california }))).toMatchObject({ __typename: 'TaxExemptionError', code: 'CERTIFICATE_ADDRESS_MISMATCH', field: ['input', 'holder'] });
    expect(await submit(certificate({ certificateNumber: '  ' }))).toMatchObject({ code: 'CERTIFICATE_NUMBER_INVALID' });
    expect(await submit(certificate({ issuingCountry: 'Texas' }))).toMatchObject({ code: 'INVALID_COUNTRY' });
    expect(await submit(certificate({ holder: { ...ADDRESSES.texas, postalCode: 'abc' } }))).toMatchObject({ code: 'INVALID_POSTAL_CODE', field: ['input', 'holder', 'postalCode'] });
    expect(await submit(certificate(), { as: DEMO.accounts.sam.id })).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(await rows()).toBe(before);
  });

  it('O6: support rejects one with a reason: nothing is refunded; another can then be sent', async () => {
    const sent = await submit(certificate());
    expect(sent).toMatchObject({ __typename: 'TaxExemptionCertificate', state: 'SUBMITTED', certificateNumber: 'TX-1234567', issuingRegion: 'TX' });
    expect(await submit(certificate())).toMatchObject({ code: 'CERTIFICATE_PENDING' });
    // Only support decides.
    const { body } = await graph.query(APPROVE, { id: sent.id }, { as: dana });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rejected = (await run(graph, REJECT, { id: sent.id, reason: 'The certificate has expired.' }, support)).rejectTaxExemption;
    expect(rejected).toMatchObject({ state: 'REJECTED', rejectionReason: 'The certificate has expired.', refundId: null });
    expect((await run(graph, APPROVE, { id: sent.id }, support)).approveTaxExemption).toMatchObject({ code: 'CERTIFICATE_ALREADY_DECIDED' });
    expect((await run(graph, PAGE, { id: order.id }, { as: dana })).order.refunds).toEqual([]);
  });

  it("O6, O12: support approves one: the order's tax is refunded through the refund path, from the charge, and credited like any refund; the licenses stay", async () => {
    graph.clock.advance(1_000);
    const sent = await submit(certificate({ certificateNumber: 'TX-7654321' }));
    const approved = (await run(graph, APPROVE, { id: sent.id }, support)).approveTaxExemption;
    expect(approved).toMatchObject({ state: 'APPROVED', refundId: expect.any(String) });
    await graph.drain();
    const page = (await run(graph, PAGE, { id: order.id }, { as: dana })).order;
    expect(page.tax.amount).toBeGreaterThan(0);
    expect(page.refunds).toEqual([
      expect.objectContaining({ id: approved.refundId, kind: 'TAX_EXEMPTION', state: 'INITIATED', amount: { amount: page.tax.amount }, tax: { amount: page.tax.amount }, items: [] }),
    ]);
    expect(page.payments.filter((p: any) => p.kind === 'REFUND')).toEqual([{ kind: 'REFUND', state: 'SUCCEEDED', amount: { amount: page.tax.amount } }]);
    expect(page.state).toBe('COMPLETED'); // a tax refund returns nothing
    expect(page.licenses).toEqual([{ state: 'ACTIVE' }]);
    expect(page.taxExemptionCertificates.map((c: any) => c.state)).toEqual(['REJECTED', 'APPROVED']);

    graph.clock.set(new Date(page.refunds[0].expectedCreditBy));
    await graph.drain();
    expect((await run(graph, PAGE, { id: order.id }, { as: dana })).order.refunds[0].state).toBe('CREDITED');
    // Nothing is left to refund.
    expect(await submit(certificate({ certificateNumber: 'TX-0000001' }))).toMatchObject({ code: 'NO_TAX_TO_REFUND' });
  });
});
