import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { Account } from '../subgraphs/account/accounts/account.entity';
import { License } from '../subgraphs/subscription/licenses/license.entity';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

const REGISTER = `mutation($input: RegisterProductInput!) { registerProduct(input: $input) {
  __typename ... on ProductRegistration { accountCreated licenseId } ... on ErrorResult { code message } } }`;

/** A2 through the gateway: registration creates the account or adds to it; the license binding is an outbox event (X2). */
describe('registering a product (A2)', () => {
  let graph: TestGraph;
  const signIn = clientOperation('SignIn');
  const dashboard = clientOperation('Dashboard');

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  const register = (input: Record<string, string>) => graph.query(REGISTER, { input }).then((r) => r.body.data?.registerProduct ?? r.body.errors);
  const accounts = () => graph.subgraphs.account.dataSource.getRepository(Account).count();
  const owner = async (licenseId: string) => (await graph.subgraphs.subscription.dataSource.getRepository(License).findOneByOrFail({ id: licenseId })).accountId;
  const licensesOf = async (email: string, password: string) => {
    const session = (await graph.query(signIn, { email, password })).body.data.signIn;
    const { body } = await graph.query(dashboard, {}, { token: session.accessToken });
    return body.data.me.licenses.map((l: any) => l.serialNumber);
  };

  it('A2: a new e-mail with an activation code creates the account; the license is bound once the event is delivered', async () => {
    const before = await accounts();
    const result = await register({ activationCode: 'AC-BB-4MZP77TT', email: ' New.Customer@Example.com ', password: 'a long enough passphrase' });
    expect(result).toEqual({ __typename: 'ProductRegistration', accountCreated: true, licenseId: DEMO.licenses.unregistered });
    expect(await accounts()).toBe(before + 1);
    expect(await owner(DEMO.licenses.unregistered)).toBeNull(); // not yet delivered
    await graph.drain();
    expect(await licensesOf('new.customer@example.com', 'a long enough passphrase')).toEqual(['TRB4-9XKQ-4MZP-77TT']);
    await graph.drain(); // nothing left to deliver, nothing changes
    expect(await licensesOf('new.customer@example.com', 'a long enough passphrase')).toEqual(['TRB4-9XKQ-4MZP-77TT']);
  });

  it('A2: the e-mail of an existing account with its password adds the license to it', async () => {
    const result = await register({ serialNumber: 'MS9D-2LQW-7RTY-55AB', email: DEMO.accounts.dana.email, password: DEMO_PASSWORD });
    expect(result).toEqual({ __typename: 'ProductRegistration', accountCreated: false, licenseId: DEMO.licenses.unregisteredDownload });
    await graph.drain();
    expect(await licensesOf(DEMO.accounts.dana.email, DEMO_PASSWORD)).toContain('MS9D-2LQW-7RTY-55AB');
  });

  it('A2: an unknown code, or one already registered to another account, creates nothing', async () => {
    const before = await accounts();
    expect(await register({ activationCode: 'AC-NOT-A-CODE', email: 'someone@example.com', password: 'a long enough passphrase' })).toMatchObject({
      __typename: 'UnknownProductCodeError',
      code: 'UNKNOWN_PRODUCT_CODE',
    });
    // S1: codes are case-sensitive.
    expect(await register({ activationCode: 'ac-bb-4mzp77tt', email: 'someone@example.com', password: 'a long enough passphrase' })).toMatchObject({ code: 'UNKNOWN_PRODUCT_CODE' });
    expect(await register({ serialNumber: 'MS7Q-4K2W-9PXC-31RA', email: 'someone@example.com', password: 'a long enough passphrase' })).toMatchObject({
      __typename: 'ProductAlreadyRegisteredError',
      code: 'PRODUCT_ALREADY_REGISTERED',
    });
    expect(await accounts()).toBe(before);
    expect(await owner(DEMO.licenses.autoRenewing)).toBe(DEMO.accounts.dana.id);
  });

  it('A2: the wrong password of an existing account gets the sign-in answer and binds nothing', async () => {
    const result = await register({ activationCode: 'AC-MS-2B6T9Y1Q', email: DEMO.accounts.sam.email, password: 'not sams password' });
    expect(result).toMatchObject({ __typename: 'InvalidCredentialsError', message: 'You did not provide the right information. Please try again.' });
  });

  it.each([
    [{ email: 'not-an-email' }, 'INVALID_EMAIL'],
    [{ password: 'short' }, 'PASSWORD_TOO_SHORT'],
    [{ password: 'x'.repeat(51) }, 'PASSWORD_TOO_LONG'],
    [{ password: 'iloveyou1' }, 'PASSWORD_TOO_COMMON'],
  ])('A1: refuses %p with %s and creates nothing', async (change, code) => {
    const before = await accounts();
    const result = await register({ serialNumber: 'MS9D-2LQW-7RTY-55AB', email: 'fresh@example.com', password: 'a long enough passphrase', ...change });
    expect(result).toMatchObject({ code, message: expect.any(String) });
    expect(await accounts()).toBe(before);
  });

  it('refuses both or neither code as BAD_USER_INPUT', async () => {
    const both = await register({ activationCode: 'a', serialNumber: 'b', email: 'x@example.com', password: 'a long enough passphrase' });
    expect(both[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

/** A5 through the gateway: the masked e-mail of a registered product, rate-limited. */
describe('forgotten e-mail (A5)', () => {
  let graph: TestGraph;
  const RECOVER = 'mutation($c: String!) { recoverEmail(code: $c) { __typename ... on RecoveredEmail { maskedEmail } ... on ErrorResult { code message } } }';
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  const recover = (code: string, ip = '203.0.113.80') =>
    graph.query(RECOVER, { c: code }, { headers: { 'x-forwarded-for': ip } }).then((r) => r.body.data.recoverEmail);

  it('A5: shows the masked e-mail for a serial number or an activation code', async () => {
    expect(await recover('MS7Q-4K2W-9PXC-31RA')).toEqual({ __typename: 'RecoveredEmail', maskedEmail: 'd•••a@ex•••.com' });
    expect(await recover('AC-MS-2B6T9Y1Q')).toEqual({ __typename: 'RecoveredEmail', maskedEmail: 's•••m@ex•••.com' });
  });

  it('A5: an unknown or unregistered code gets a typed error', async () => {
    expect(await recover('NOPE-NOPE')).toMatchObject({ code: 'UNKNOWN_PRODUCT_CODE' });
    expect(await recover('MS9D-2LQW-7RTY-55AB')).toMatchObject({ code: 'UNKNOWN_PRODUCT_CODE' });
  });

  it('A5: lookups are rate-limited per client address', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) outcomes.push((await recover(`GUESS-${i}`, '198.51.100.99')).__typename);
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill('UnknownProductCodeError'));
    expect(outcomes[6]).toBe('TooManyAttemptsError');
  });
});
