import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { Account } from '../subgraphs/account/accounts/account.entity';
import { PasswordReset } from '../subgraphs/account/passwords/password-reset.entity';
import { BOTH_DATABASES } from './support/database';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

const CHANGE_EMAIL = `mutation($input: SupportContactChangeInput!) { changeAccountEmail(input: $input) {
  __typename ... on AccountChange { after } ... on ErrorResult { code message } } }`;
const REGISTER = `mutation($input: RegisterProductInput!) { registerProduct(input: $input) {
  __typename ... on ProductRegistration { accountCreated } ... on ErrorResult { code message } } }`;
const RESET = 'mutation($e: String!) { requestPasswordReset(email: $e) { message } }';
const GOOGLE = 'mutation($t: String!) { signInWithGoogle(idToken: $t) { __typename ... on Session { accessToken } ... on ErrorResult { code } } }';
const PREVIEW = `mutation($e: String!, $p: String!) { previewAccountMerge(email: $e, password: $p) { __typename
  ... on AccountMergePreview { email } ... on ErrorResult { code } } }`;
const ME = '{ me { id email } }';

/** The forms of Dana's address an attacker tried, and what each must be (A1). */
const FULLWIDTH = 'ｄana@example.com'; // the same address as dana@example.com
const SHOUTED = ' ＤＡＮＡ@ＥＸＡＭＰＬＥ.ＣＯＭ '; // the same address again
const WITH_NUL = 'dana@example.com\u0000'; // refused: a control character
const CYRILLIC = 'd\u0430na@example.com'; // refused: a Cyrillic а among Latin letters
const REFUSED = [WITH_NUL, CYRILLIC, 'dana\u200b@example.com', 'dana@ex\u0430mple.com'];

/**
 * A refused address gets the typed answer of its operation, or, for a control character (NUL),
 * BAD_USER_INPUT already where the input enters the subgraph (kernel/input-validation.ts).
 */
function refusedAs(body: { data?: any; errors?: Array<{ extensions?: { code?: string } }> }, field: string, typed: Record<string, unknown>): void {
  if (body.errors?.length) expect(body.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
  else expect(body.data[field]).toMatchObject(typed);
}

/**
 * A1: one e-mail address, one account, on every database. Every way an address enters the
 * graph — registration (A2), sign-in (A3), Google sign-in, password reset (A4), merge preview
 * (A6), support changes (A7) — sees the same canonical address, on SQLite and on MySQL alike.
 */
describe.each(BOTH_DATABASES)('one e-mail address, one account, on $name (A1)', ({ kind }) => {
  let graph: TestGraph;
  let jwks: http.Server;
  let providerKey: KeyLike;
  const signIn = clientOperation('SignIn');
  const tokens: Record<string, string> = {};
  const reason = 'Customer lost access to the old mailbox; identity checked by order number and card digits.';

  beforeAll(async () => {
    const provider = await generateKeyPair('RS256');
    providerKey = provider.privateKey;
    const published = { keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    jwks = http.createServer((_req, res) => res.end(JSON.stringify(published)));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    graph = await startTestGraph({
      database: kind,
      env: { GOOGLE_CLIENT_ID: 'portal-web.apps.example', GOOGLE_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/keys` },
    });
    for (const who of ['support', 'sam'] as const) {
      tokens[who] = (await graph.query(signIn, { email: DEMO.accounts[who].email, password: DEMO_PASSWORD })).body.data.signIn.accessToken;
    }
  });
  afterAll(async () => {
    await graph.close();
    jwks.close();
  });

  const accounts = () => graph.subgraphs.account.dataSource.getRepository(Account);
  const emailOf = async (id: string) => (await accounts().findOneByOrFail({ id })).email;
  let ip = 0;
  // Each attempt from its own address, so the sign-in throttle (A3) stays out of the way.
  const signInBody = (email: string, password = DEMO_PASSWORD) =>
    graph.query(signIn, { email, password }, { headers: { 'x-forwarded-for': `10.1.0.${(ip += 1)}` } }).then((r) => r.body);
  const signInAs = async (email: string, password = DEMO_PASSWORD) => (await signInBody(email, password)).data.signIn;

  it('A7: support cannot give another account an address that is Dana\'s in another form, nor one with a NUL or a Cyrillic а', async () => {
    const send = (value: string) => graph.query(CHANGE_EMAIL, { input: { accountId: DEMO.accounts.sam.id, value, reason } }, { token: tokens.support }).then((r) => r.body);
    const change = async (value: string) => (await send(value)).data.changeAccountEmail;
    for (const same of [FULLWIDTH, SHOUTED]) expect(await change(same)).toMatchObject({ __typename: 'ContactAlreadyUsedError', code: 'CONTACT_ALREADY_USED' });
    for (const refused of REFUSED) refusedAs(await send(refused), 'changeAccountEmail', { __typename: 'InvalidEmailError', code: 'INVALID_EMAIL' });
    expect((await change(CYRILLIC)).message).toMatch(/mixes alphabets/);
    expect(await emailOf(DEMO.accounts.sam.id)).toBe(DEMO.accounts.sam.email);
    // A new address is stored in its canonical form.
    expect(await change(' ＳＡＭ.Ｎｅｗ@Example.com ')).toEqual({ __typename: 'AccountChange', after: 'sam.new@example.com' });
    expect(await change(DEMO.accounts.sam.email)).toMatchObject({ after: DEMO.accounts.sam.email });
  });

  it('A3: Dana signs in whatever form of her address she types; a NUL or a Cyrillic а signs in no one', async () => {
    for (const same of [FULLWIDTH, SHOUTED]) {
      const session = await signInAs(same);
      expect(session.__typename).toBe('Session');
      expect((await graph.query(ME, {}, { token: session.accessToken })).body.data.me).toEqual({ id: DEMO.accounts.dana.id, email: DEMO.accounts.dana.email });
    }
    for (const refused of REFUSED) refusedAs(await signInBody(refused), 'signIn', { code: 'INVALID_CREDENTIALS' });
  });

  it('A2: registering with another form of Dana\'s address is registering with Dana\'s account; refused forms create nothing', async () => {
    const before = await accounts().count();
    const registerBody = (email: string) =>
      graph
        .query(REGISTER, { input: { activationCode: 'AC-BB-4MZP77TT', email, password: 'not danas password at all' } }, { headers: { 'x-forwarded-for': `10.2.0.${(ip += 1)}` } })
        .then((r) => r.body);
    const register = async (email: string) => (await registerBody(email)).data.registerProduct;
    // Dana's account exists: the password must be hers.
    expect(await register(FULLWIDTH)).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    for (const refused of REFUSED) refusedAs(await registerBody(refused), 'registerProduct', { code: 'INVALID_EMAIL' });
    expect(await accounts().count()).toBe(before);
  });

  it('A4: a reset asked for another form of Dana\'s address goes to Dana; a refused form resets nothing', async () => {
    const resets = () => graph.subgraphs.account.dataSource.getRepository(PasswordReset).countBy({ accountId: DEMO.accounts.dana.id });
    const before = await resets();
    for (const refused of REFUSED) await graph.query(RESET, { e: refused });
    expect(await resets()).toBe(before);
    await graph.query(RESET, { e: FULLWIDTH });
    expect(await resets()).toBe(before + 1);
  });

  it('A3: a Google token with another form of Dana\'s address signs in to Dana; one with a Cyrillic а creates no account', async () => {
    const token = (email: string) =>
      new SignJWT({ email, email_verified: true })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer('https://accounts.google.com')
        .setAudience('portal-web.apps.example')
        .setSubject('google-user-1')
        .setIssuedAt(Math.floor(graph.clock.now().getTime() / 1000))
        .setExpirationTime(Math.floor(graph.clock.now().getTime() / 1000) + 600)
        .sign(providerKey);
    const session = (await graph.query(GOOGLE, { t: await token(FULLWIDTH) })).body.data.signInWithGoogle;
    expect((await graph.query(ME, {}, { token: session.accessToken })).body.data.me.id).toBe(DEMO.accounts.dana.id);
    const before = await accounts().count();
    expect((await graph.query(GOOGLE, { t: await token(CYRILLIC) })).body.data.signInWithGoogle).toMatchObject({ code: 'INVALID_ID_TOKEN' });
    expect(await accounts().count()).toBe(before);
  });

  it('A6: a merge preview finds Dana\'s account by any form of her address; a refused form proves nothing', async () => {
    const previewBody = (email: string) => graph.query(PREVIEW, { e: email, p: DEMO_PASSWORD }, { token: tokens.sam, headers: { 'x-forwarded-for': `10.3.0.${(ip += 1)}` } }).then((r) => r.body);
    const preview = async (email: string) => (await previewBody(email)).data.previewAccountMerge;
    expect(await preview(FULLWIDTH)).toEqual({ __typename: 'AccountMergePreview', email: DEMO.accounts.dana.email });
    for (const refused of REFUSED) refusedAs(await previewBody(refused), 'previewAccountMerge', { code: 'INVALID_CREDENTIALS' });
  });

  it('A1: the database refuses a second account with the same canonical address', async () => {
    const row = (id: string, email: string) => Object.assign(new Account(), { id, email, phone: null, createdAt: graph.clock.now() });
    await expect(accounts().insert(row('00000000-0000-4000-a000-0000000000f1', DEMO.accounts.dana.email))).rejects.toThrow();
    // Byte for byte: accents are letters of their own (MySQL's unicode_ci took these for one).
    await accounts().insert(row('00000000-0000-4000-a000-0000000000f2', 'dána@example.com'));
    expect(await emailOf('00000000-0000-4000-a000-0000000000f2')).toBe('dána@example.com');
  });
});
