import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

const CHANGE_EMAIL = `mutation($input: SupportContactChangeInput!) { changeAccountEmail(input: $input) {
  __typename ... on AccountChange { field before after reason changedBy changedAt } ... on ErrorResult { code message } } }`;
const CHANGE_PHONE = `mutation($input: SupportContactChangeInput!) { changeAccountPhone(input: $input) {
  __typename ... on AccountChange { field before after } ... on ErrorResult { code message } } }`;
const HISTORY = 'query($id: ID!) { accountChanges(accountId: $id) { field before after reason changedBy } }';
const ACCOUNT = 'query($id: ID!) { account(id: $id) { id email phone licenses { serialNumber } } }';

/** A7 through the gateway: only support agents change e-mail or phone, and every change is recorded. */
describe('support-only changes (A7) and staff roles', () => {
  let graph: TestGraph;
  const signIn = clientOperation('SignIn');
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    graph = await startTestGraph();
    for (const who of ['support', 'analyst', 'dana', 'sam'] as const) {
      const { body } = await graph.query(signIn, { email: DEMO.accounts[who].email, password: DEMO_PASSWORD });
      tokens[who] = body.data.signIn.accessToken;
    }
  });
  afterAll(() => graph.close());

  const reason = 'Customer lost access to the old mailbox; identity checked by order number and card digits.';

  it('A7: a customer cannot change an e-mail, not even their own', async () => {
    const { body } = await graph.query(CHANGE_EMAIL, { input: { accountId: DEMO.accounts.sam.id, value: 'sam.new@example.com', reason } }, { token: tokens.sam });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { body: analyst } = await graph.query(CHANGE_EMAIL, { input: { accountId: DEMO.accounts.sam.id, value: 'sam.new@example.com', reason } }, { token: tokens.analyst });
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('A7: a support agent changes the e-mail; the change is recorded with who, when, before and after', async () => {
    const { body } = await graph.query(CHANGE_EMAIL, { input: { accountId: DEMO.accounts.sam.id, value: ' Sam.New@Example.com ', reason } }, { token: tokens.support });
    expect(body.data.changeAccountEmail).toEqual({
      __typename: 'AccountChange',
      field: 'EMAIL',
      before: 'sam@example.com',
      after: 'sam.new@example.com',
      reason,
      changedBy: DEMO.accounts.support.id,
      changedAt: graph.clock.now().toISOString(),
    });
    // The customer now signs in with the new address only.
    expect((await graph.query(signIn, { email: 'sam.new@example.com', password: DEMO_PASSWORD })).body.data.signIn.__typename).toBe('Session');
    expect((await graph.query(signIn, { email: 'sam@example.com', password: DEMO_PASSWORD })).body.data.signIn.code).toBe('INVALID_CREDENTIALS');
  });

  it('A7: changes the phone; refuses a malformed one and one already used, changing nothing', async () => {
    graph.clock.advance(60_000);
    const ok = await graph.query(CHANGE_PHONE, { input: { accountId: DEMO.accounts.sam.id, value: '+44 20 7946 0958', reason } }, { token: tokens.support });
    expect(ok.body.data.changeAccountPhone).toMatchObject({ field: 'PHONE', before: null, after: '+442079460958' });
    const bad = await graph.query(CHANGE_PHONE, { input: { accountId: DEMO.accounts.sam.id, value: '020 7946', reason } }, { token: tokens.support });
    expect(bad.body.data.changeAccountPhone).toMatchObject({ __typename: 'InvalidPhoneError', code: 'INVALID_PHONE' });
    const taken = await graph.query(CHANGE_PHONE, { input: { accountId: DEMO.accounts.sam.id, value: '+14155550123', reason } }, { token: tokens.support });
    expect(taken.body.data.changeAccountPhone).toMatchObject({ code: 'CONTACT_ALREADY_USED' });
    const emailTaken = await graph.query(CHANGE_EMAIL, { input: { accountId: DEMO.accounts.sam.id, value: 'dana@example.com', reason } }, { token: tokens.support });
    expect(emailTaken.body.data.changeAccountEmail).toMatchObject({ code: 'CONTACT_ALREADY_USED' });
    const history = await graph.query(HISTORY, { id: DEMO.accounts.sam.id }, { token: tokens.support });
    expect(history.body.data.accountChanges.map((c: any) => [c.field, c.after])).toEqual([
      ['PHONE', '+442079460958'],
      ['EMAIL', 'sam.new@example.com'],
    ]);
  });

  it('A7: the record is readable by support only', async () => {
    const { body } = await graph.query(HISTORY, { id: DEMO.accounts.sam.id }, { token: tokens.sam });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a change without a real reason as BAD_USER_INPUT', async () => {
    const { body } = await graph.query(CHANGE_EMAIL, { input: { accountId: DEMO.accounts.dana.id, value: 'd@example.com', reason: 'asked' } }, { token: tokens.support });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('analysts read any account across the graph with personal data masked; support sees it in full', async () => {
    const analyst = await graph.query(ACCOUNT, { id: DEMO.accounts.dana.id }, { token: tokens.analyst });
    expect(analyst.body.errors).toBeUndefined();
    expect(analyst.body.data.account).toMatchObject({ email: 'd•••a@ex•••.com', phone: '+•••••••••23' });
    expect(analyst.body.data.account.licenses.length).toBeGreaterThan(0);
    const support = await graph.query(ACCOUNT, { id: DEMO.accounts.dana.id }, { token: tokens.support });
    expect(support.body.data.account).toMatchObject({ email: 'dana@example.com', phone: '+14155550123' });
    const customer = await graph.query(ACCOUNT, { id: DEMO.accounts.dana.id }, { token: tokens.sam });
    expect(customer.body.data.account).toBeNull();
  });
});
