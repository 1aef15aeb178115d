import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

const WRONG = 'You did not provide the right information. Please try again.';
const ME = '{ me { id email } }';
const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { __typename ... on Session { accessToken refreshToken } ... on ErrorResult { code message } } }';
const SIGN_OUT = 'mutation($t: String!) { signOut(refreshToken: $t) }';
const SIGN_IN_PHONE = 'mutation($phone: String!, $password: String!) { signIn(input: { phone: $phone, password: $password }) { __typename ... on Session { accessToken } ... on ErrorResult { code message } } }';

/** A3 through the gateway: sign-in, tokens, refresh rotation, sign-out, throttling. */
describe('sign-in (A1, A3)', () => {
  let graph: TestGraph;
  const signIn = clientOperation('SignIn');
  const dana = DEMO.accounts.dana;

  beforeAll(async () => {
    graph = await startTestGraph({ env: { SIGN_IN_FREE_FAILURES: '3', SIGN_IN_LOCK_AFTER: '6', SIGN_IN_LOCK_MINUTES: '15' } });
  });
  afterAll(() => graph.close());

  const signInAs = (email: string, password: string, ip = '203.0.113.7') =>
    graph.query(signIn, { email, password }, { headers: { 'x-forwarded-for': ip } }).then((r) => r.body.data.signIn);

  it('A3: the SignIn operation of the web portal returns a session; its access token signs the caller in', async () => {
    const session = await signInAs('  Dana@Example.COM ', DEMO_PASSWORD);
    expect(session).toMatchObject({ __typename: 'Session', accessToken: expect.any(String), refreshToken: expect.any(String) });
    expect(new Date(session.expiresAt).getTime() - graph.clock.now().getTime()).toBe(15 * 60 * 1000);
    const { body } = await graph.query(ME, {}, { token: session.accessToken });
    expect(body.data.me).toEqual({ id: dana.id, email: dana.email });
  });

  it('A3: signs in with the phone number too', async () => {
    const { body } = await graph.query(SIGN_IN_PHONE, { phone: '+1 415 555 0123', password: DEMO_PASSWORD });
    expect(body.data.signIn.__typename).toBe('Session');
  });

  it('A3: any failure answers exactly the same, whether the account exists or not', async () => {
    const wrongPassword = await signInAs(dana.email, 'not the password at all', '198.51.100.1');
    const noAccount = await signInAs('nobody@example.com', 'not the password at all', '198.51.100.2');
    const expected = { __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS', message: WRONG };
    expect(wrongPassword).toEqual(expected);
    expect(noAccount).toEqual(expected);
  });

  it('refuses an expired, forged or malformed access token with UNAUTHENTICATED', async () => {
    const session = await signInAs(dana.email, DEMO_PASSWORD);
    const [header, payload] = session.accessToken.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: DEMO.accounts.sam.id })).toString('base64url')}.${session.accessToken.split('.')[2]}`;
    for (const token of [forged, 'not-a-jwt']) {
      const { status, body } = await graph.query(ME, {}, { token });
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    graph.clock.advance(15 * 60 * 1000 + 1000);
    try {
      const expired = await graph.query(ME, {}, { token: session.accessToken });
      expect(expired.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      graph.clock.advance(-(15 * 60 * 1000 + 1000));
    }
  });

  it('A3: a refresh token is single use; replaying a spent one revokes the whole family', async () => {
    const first = await signInAs(dana.email, DEMO_PASSWORD);
    const second = (await graph.query(REFRESH, { t: first.refreshToken })).body.data.refreshSession;
    expect(second.__typename).toBe('Session');
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await graph.query(ME, {}, { token: second.accessToken })).body.data.me.id).toBe(dana.id);

    const replay = (await graph.query(REFRESH, { t: first.refreshToken })).body.data.refreshSession;
    expect(replay).toMatchObject({ __typename: 'InvalidRefreshTokenError', code: 'INVALID_REFRESH_TOKEN' });
    // The thief's replay also ended the legitimate holder's newer token.
    const after = (await graph.query(REFRESH, { t: second.refreshToken })).body.data.refreshSession;
    expect(after.__typename).toBe('InvalidRefreshTokenError');
  });

  it('A3: sign out ends that session; sign out everywhere ends them all', async () => {
    const phone = await signInAs(dana.email, DEMO_PASSWORD);
    const laptop = await signInAs(dana.email, DEMO_PASSWORD);
    expect((await graph.query(SIGN_OUT, { t: phone.refreshToken })).body.data.signOut).toBe(true);
    expect((await graph.query(REFRESH, { t: phone.refreshToken })).body.data.refreshSession.__typename).toBe('InvalidRefreshTokenError');
    const still = (await graph.query(REFRESH, { t: laptop.refreshToken })).body.data.refreshSession;
    expect(still.__typename).toBe('Session');

    const everywhere = await graph.query('mutation { signOutEverywhere }', {}, { token: still.accessToken });
    expect(everywhere.body.data.signOutEverywhere).toBe(true);
    expect((await graph.query(REFRESH, { t: still.refreshToken })).body.data.refreshSession.__typename).toBe('InvalidRefreshTokenError');
  });

  it('A3: repeated failures are slowed down, then locked for a while, with the same answer for unknown e-mails', async () => {
    for (const email of [DEMO.accounts.sam.email, 'ghost@example.com']) {
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) outcomes.push((await signInAs(email, 'wrong password!', `192.0.2.${i}`)).code);
      // Three free failures, the fourth is counted, the next try must wait.
      expect(outcomes).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
      const slowed = await signInAs(email, DEMO_PASSWORD, '192.0.2.9');
      expect(slowed).toEqual({ __typename: 'TooManyAttemptsError', code: 'TOO_MANY_ATTEMPTS', message: 'Too many attempts. Please wait a second and try again.' });
    }
    // Keep failing after each delay: locked for 15 minutes, even with the right password.
    for (let i = 0; i < 2; i++) {
      graph.clock.advance(60_000);
      await signInAs(DEMO.accounts.sam.email, 'wrong password!', '192.0.2.20');
    }
    const locked = await signInAs(DEMO.accounts.sam.email, DEMO_PASSWORD, '192.0.2.21');
    expect(locked).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', message: 'Too many attempts. Please wait 15 minutes and try again.' });
    // Not for long: after the lock the owner signs in, which clears the count.
    graph.clock.advance(15 * 60_000);
    expect((await signInAs(DEMO.accounts.sam.email, DEMO_PASSWORD, '192.0.2.22')).__typename).toBe('Session');
  });

  it('refuses a sign-in with both or neither of e-mail and phone as BAD_USER_INPUT', async () => {
    const both = await graph.query('mutation { signIn(input: { email: "a@example.com", phone: "+1555", password: "x" }) { __typename } }');
    expect(both.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never returns or logs a password or token', async () => {
    const session = await signInAs(dana.email, DEMO_PASSWORD);
    const logs = JSON.stringify(graph.logs);
    expect(logs).not.toContain(DEMO_PASSWORD);
    expect(logs).not.toContain(session.refreshToken);
    expect(logs).not.toContain(session.accessToken);
    const introspection = await graph.query('{ __type(name: "Account") { fields { name } } }');
    expect(introspection.body.data.__type.fields.map((f: any) => f.name)).not.toContain('passwordHash');
  });

  it('publishes the public keys only', async () => {
    const jwks = (await (await fetch(graph.subgraphs.account.url.replace(/\/graphql$/, '/.well-known/jwks.json'))).json()) as any;
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
  });
});
