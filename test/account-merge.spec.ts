import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

const PREVIEW = `mutation($e: String!, $p: String!) { previewAccountMerge(email: $e, password: $p) { __typename
  ... on AccountMergePreview { previewId email licenses { serialNumber autoRenew } orders { number total { amount currencyCode } } }
  ... on ErrorResult { code message } } }`;
const CONFIRM = 'mutation($id: ID!) { confirmAccountMerge(previewId: $id) { __typename ... on AccountMergeConfirmed { mergeId message } ... on ErrorResult { code } } }';
const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { __typename } }';

/** A6 through the gateway: preview, confirm, everything of B under A (via outbox events, X2), B closed. */
describe('merging accounts (A6)', () => {
  let graph: TestGraph;
  const signIn = clientOperation('SignIn');
  const dashboard = clientOperation('Dashboard');
  let dana: { accessToken: string };
  let sam: { accessToken: string; refreshToken: string };

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  // Fresh tokens for each test: some move the clock past the access tokens' 15 minutes.
  beforeEach(async () => {
    dana = (await graph.query(signIn, { email: DEMO.accounts.dana.email, password: DEMO_PASSWORD })).body.data.signIn;
    sam = (await graph.query(signIn, { email: DEMO.accounts.sam.email, password: DEMO_PASSWORD })).body.data.signIn;
  });
  afterAll(() => graph.close());

  const asDana = (query: string, variables: Record<string, unknown> = {}) => graph.query(query, variables, { token: dana.accessToken });

  it('A6: the wrong password of the other account previews nothing; an account cannot merge itself', async () => {
    const wrong = await asDana(PREVIEW, { e: DEMO.accounts.sam.email, p: 'not sams password' });
    expect(wrong.body.data.previewAccountMerge).toMatchObject({ __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS' });
    const self = await asDana(PREVIEW, { e: DEMO.accounts.dana.email, p: DEMO_PASSWORD });
    expect(self.body.data.previewAccountMerge.code).toBe('CANNOT_MERGE_SAME_ACCOUNT');
  });

  it('A6: a preview expires after 15 minutes', async () => {
    const preview = (await asDana(PREVIEW, { e: DEMO.accounts.sam.email, p: DEMO_PASSWORD })).body.data.previewAccountMerge;
    graph.clock.advance(15 * 60_000);
    dana = (await graph.query(signIn, { email: DEMO.accounts.dana.email, password: DEMO_PASSWORD })).body.data.signIn;
    expect((await asDana(CONFIRM, { id: preview.previewId })).body.data.confirmAccountMerge.code).toBe('MERGE_PREVIEW_EXPIRED');
  });

  it('A6: shows what the other account holds, then moves all of it and closes it', async () => {
    const preview = (await asDana(PREVIEW, { e: DEMO.accounts.sam.email, p: DEMO_PASSWORD })).body.data.previewAccountMerge;
    expect(preview).toMatchObject({
      __typename: 'AccountMergePreview',
      email: DEMO.accounts.sam.email,
      licenses: [{ serialNumber: 'MS2B-6T9Y-1QAZ-77WS', autoRenew: true }],
      orders: [{ number: 'CG-100005', total: { amount: 4995, currencyCode: 'USD' } }],
    });
    // Someone else cannot confirm Dana's preview.
    expect((await graph.query(CONFIRM, { id: preview.previewId }, { token: sam.accessToken })).body.data.confirmAccountMerge.code).toBe('MERGE_PREVIEW_EXPIRED');

    const confirmed = (await asDana(CONFIRM, { id: preview.previewId })).body.data.confirmAccountMerge;
    expect(confirmed.__typename).toBe('AccountMergeConfirmed');
    // B is closed at once: its credentials and sessions stop working.
    expect((await graph.query(signIn, { email: DEMO.accounts.sam.email, password: DEMO_PASSWORD })).body.data.signIn.code).toBe('INVALID_CREDENTIALS');
    expect((await graph.query(REFRESH, { t: sam.refreshToken })).body.data.refreshSession.__typename).toBe('InvalidRefreshTokenError');

    // The moves arrive through the outbox: after delivery, everything of B is under A.
    await graph.drain();
    const { body } = await asDana(dashboard, { ordersFirst: 20 });
    expect(body.data.me.licenses.map((l: any) => l.serialNumber)).toContain('MS2B-6T9Y-1QAZ-77WS');
    expect(body.data.me.orders.edges.map((e: any) => e.node.number)).toContain('CG-100005');
    expect(body.data.me.licenses.find((l: any) => l.serialNumber === 'MS2B-6T9Y-1QAZ-77WS').order.number).toBe('CG-100005');

    // Confirming again changes nothing.
    expect((await asDana(CONFIRM, { id: preview.previewId })).body.data.confirmAccountMerge.code).toBe('MERGE_PREVIEW_EXPIRED');
  });

  it('needs a signed-in account', async () => {
    const { body } = await graph.query(PREVIEW, { e: DEMO.accounts.sam.email, p: DEMO_PASSWORD });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
