import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { InputRefusedError, InternalClient, onInputRefused } from '../kernel/internal-client';
import { HOLDINGS_PATH, LICENSE_LOOKUP_PATH, type LicenseLookup } from '../subgraphs/events';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

const REGISTER = `mutation($input: RegisterProductInput!) { registerProduct(input: $input) {
  __typename ... on ProductRegistration { accountCreated licenseId } ... on ErrorResult { code message } } }`;
const RECOVER = 'mutation($code: String!) { recoverEmail(code: $code) { __typename ... on ErrorResult { code } } }';
const CHANGE_EMAIL = `mutation($input: SupportContactChangeInput!) { changeAccountEmail(input: $input) {
  __typename ... on AccountChange { reason after } ... on ErrorResult { code message } } }`;
const ORDERS = 'query($after: String) { me { orders(first: 5, after: $after) { edges { cursor } } } }';

/**
 * Bad input stays a typed error: every text argument has a bound its description states, checked
 * where it enters a subgraph (BAD_USER_INPUT naming the field and the bound, nothing written), and
 * a peer subgraph's refusal of a body comes back as the typed answer, never INTERNAL_SERVER_ERROR.
 */
describe('bounds on what clients send', () => {
  let graph: TestGraph;
  let support: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    const { body } = await graph.query(clientOperation('SignIn'), { email: DEMO.accounts.support.email, password: DEMO_PASSWORD });
    support = body.data.signIn.accessToken;
  });
  afterAll(() => graph.close());

  // What a refused registration must not have written: accounts, outbox events, throttle rows.
  const written = async () => {
    const [row] = await graph.subgraphs.account.dataSource.query(
      'SELECT (SELECT COUNT(*) FROM accounts) AS accounts, (SELECT COUNT(*) FROM outbox_events) AS events, (SELECT COUNT(*) FROM throttles) AS throttles',
    );
    return { accounts: Number(row.accounts), events: Number(row.events), throttles: Number(row.throttles) };
  };

  it.each([
    ['a 10,000-character serial number', { serialNumber: 'x'.repeat(10_000) }, 'input.serialNumber', 'input.serialNumber is too long: at most 40 characters.'],
    ['a 10,000-character activation code', { activationCode: 'AC-'.repeat(3_334) }, 'input.activationCode', 'input.activationCode is too long: at most 40 characters.'],
    ['300 emoji', { serialNumber: '😀'.repeat(300) }, 'input.serialNumber', 'input.serialNumber is too long: at most 40 characters.'],
    ['a quote-laden string', { serialNumber: `'"`.repeat(100) + "'; DROP TABLE licenses; --" }, 'input.serialNumber', 'input.serialNumber is too long: at most 40 characters.'],
    ['a NUL in the serial number', { serialNumber: 'MS9D-2LQW\u0000-7RTY-55AB' }, 'input.serialNumber', /input\.serialNumber contains a control character/],
    ['a 255-character e-mail', { serialNumber: 'MS9D-2LQW-7RTY-55AB', email: `${'a'.repeat(243)}@example.com` }, 'input.email', 'input.email is too long: at most 254 characters.'],
    ['a NUL in the e-mail', { serialNumber: 'MS9D-2LQW-7RTY-55AB', email: 'new\u0000@example.com' }, 'input.email', /control character/],
    ['a 129-character password', { serialNumber: 'MS9D-2LQW-7RTY-55AB', password: 'p'.repeat(129) }, 'input.password', 'input.password is too long: at most 128 characters.'],
  ])('A2: registerProduct with %s is BAD_USER_INPUT naming the field and its bound, and writes nothing', async (_, fields, field, message) => {
    const before = await written();
    const { status, body } = await graph.query(REGISTER, { input: { email: 'new.customer@example.com', password: 'a long enough passphrase', ...fields } });
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['registerProduct'], extensions: { code: 'BAD_USER_INPUT', field } });
    expect(body.errors![0].message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    expect(await written()).toEqual(before);
  });

  it('A2: a code within its bound that no product has stays the typed UnknownProductCodeError', async () => {
    const { body } = await graph.query(REGISTER, { input: { serialNumber: `'"`.repeat(20), email: 'new.customer@example.com', password: 'a long enough passphrase' } });
    expect(body.data.registerProduct).toMatchObject({ __typename: 'UnknownProductCodeError', code: 'UNKNOWN_PRODUCT_CODE' });
  });

  it('A1, A2: an e-mail whose lower-case form no longer fits is the typed InvalidEmailError, not a database error', async () => {
    // "İ" lower-cases to two code points: 212 characters as typed, 412 as stored.
    const before = await written();
    const { body } = await graph.query(REGISTER, { input: { activationCode: 'AC-BB-4MZP77TT', email: `${'İ'.repeat(200)}@example.com`, password: 'a long enough passphrase' } });
    expect(body.data.registerProduct).toMatchObject({ __typename: 'InvalidEmailError', code: 'INVALID_EMAIL' });
    expect(await written()).toEqual(before);
  });

  it('A7: the same address is refused to a support change, which records nothing', async () => {
    const changes = async () => Number((await graph.subgraphs.account.dataSource.query('SELECT COUNT(*) AS n FROM account_changes'))[0].n);
    const before = await changes();
    const input = { accountId: DEMO.accounts.sam.id, value: `${'İ'.repeat(200)}@example.com`, reason: 'Customer lost the mailbox; identity checked.' };
    const { body } = await graph.query(CHANGE_EMAIL, { input }, { token: support });
    expect(body.data.changeAccountEmail).toMatchObject({ __typename: 'InvalidEmailError' });
    expect(await changes()).toBe(before);
  });

  it('A7: a reason may span lines, but never holds NUL, and is at most 500 characters', async () => {
    const input = (reason: string) => ({ accountId: DEMO.accounts.sam.id, value: 'sam.bounds@example.com', reason });
    const nul = await graph.query(CHANGE_EMAIL, { input: input('Customer lost the mailbox;\u0000 identity checked.') }, { token: support });
    expect(nul.body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.reason' } });
    const long = await graph.query(CHANGE_EMAIL, { input: input('r'.repeat(501)) }, { token: support });
    expect(long.body.errors![0].message).toBe('input.reason is too long: at most 500 characters.');
    const lines = await graph.query(CHANGE_EMAIL, { input: input('Customer lost the mailbox.\nIdentity checked by order number.') }, { token: support });
    expect(lines.body.data.changeAccountEmail).toMatchObject({ reason: 'Customer lost the mailbox.\nIdentity checked by order number.', after: 'sam.bounds@example.com' });
  });

  it('A5: recoverEmail with a code out of bounds is BAD_USER_INPUT; within them, the typed answer', async () => {
    const long = await graph.query(RECOVER, { code: 'x'.repeat(10_000) }, { headers: { 'x-forwarded-for': '203.0.113.90' } });
    expect(long.body.errors![0]).toMatchObject({ message: 'code is too long: at most 40 characters.', extensions: { code: 'BAD_USER_INPUT', field: 'code' } });
    const odd = await graph.query(RECOVER, { code: '😀'.repeat(40) }, { headers: { 'x-forwarded-for': '203.0.113.90' } });
    expect(odd.body.data.recoverEmail).toMatchObject({ __typename: 'UnknownProductCodeError' });
  });

  it('refuses a forged page cursor as BAD_USER_INPUT', async () => {
    const forged = Buffer.from('+275760-09-13T00:00:00.000Z|x', 'utf8').toString('base64url');
    const { body } = await graph.query(ORDERS, { after: forged }, { as: DEMO.accounts.dana.id });
    expect(body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const tooLong = await graph.query(ORDERS, { after: 'x'.repeat(201) }, { as: DEMO.accounts.dana.id });
    expect(tooLong.body.errors![0]).toMatchObject({ message: 'after is too long: at most 200 characters.', extensions: { field: 'after' } });
  });

  describe('internal routes between subgraphs', () => {
    const internal = () => new InternalClient({ subscription: graph.subgraphs.subscription.url, order: graph.subgraphs.order.url }, graph.secret);
    const post = (url: string, path: string, body: unknown) =>
      fetch(url.replace(/\/graphql$/, path), { method: 'POST', headers: { 'content-type': 'application/json', 'x-gateway-secret': graph.secret }, body: JSON.stringify(body) });

    it('A2, A5: the license lookup answers a structured 400 for a code out of bounds', async () => {
      for (const code of ['x'.repeat(10_000), '😀'.repeat(41), 'a\u0000b', '', 42]) {
        const response = await post(graph.subgraphs.subscription.url, LICENSE_LOOKUP_PATH, { code });
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({ error: { code: 'BAD_USER_INPUT', field: 'code', message: expect.any(String) } });
      }
      const ok = await post(graph.subgraphs.subscription.url, LICENSE_LOOKUP_PATH, { code: 'AC-BB-4MZP77TT' });
      expect(await ok.json()).toEqual({ licenseId: DEMO.licenses.unregistered, registeredTo: null });
    });

    it('A6: the holdings routes answer a structured 400 for an account id out of bounds', async () => {
      for (const subgraph of ['order', 'subscription'] as const) {
        const response = await post(graph.subgraphs[subgraph].url, HOLDINGS_PATH, { accountId: 'x'.repeat(65) });
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({ error: { code: 'BAD_USER_INPUT', field: 'accountId', message: 'accountId is too long: at most 64 characters.' } });
      }
    });

    it('the calling service gets the refusal as BAD_USER_INPUT, or turns it into its typed answer', async () => {
      const refused = await internal().post('subscription', LICENSE_LOOKUP_PATH, { code: 'x'.repeat(41) }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InputRefusedError);
      expect(refused).toMatchObject({ field: 'code', message: 'code is too long: at most 40 characters.', extensions: { code: 'BAD_USER_INPUT', field: 'code' } });
      const none: LicenseLookup = { licenseId: null, registeredTo: null };
      expect(await internal().post<LicenseLookup>('subscription', LICENSE_LOOKUP_PATH, { code: 'x'.repeat(41) }).catch(onInputRefused(none))).toBe(none);
      // Any other failure stays one: a refusal is only what a peer says is bad input.
      const down = new InternalClient({ subscription: 'http://127.0.0.1:1/graphql' }, graph.secret);
      await expect(down.post('subscription', LICENSE_LOOKUP_PATH, { code: 'AC-1' }).catch(onInputRefused(none))).rejects.toThrow();
    });
  });
});
