import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { DEMO } from '../kernel/demo';
import { startTestGraph, type TestGraph } from './support/graph';

const GOOGLE = 'mutation($t: String!) { signInWithGoogle(idToken: $t) { __typename ... on Session { accessToken } ... on ErrorResult { code message } } }';
const APPLE = 'mutation($t: String!) { signInWithApple(idToken: $t) { __typename ... on Session { accessToken } ... on ErrorResult { code message } } }';

/**
 * A3 with Google and Apple: ID tokens are checked against the provider's JWKS (served here by
 * the test, with keys the test made), issuer, audience and expiry.
 */
describe('Google and Apple sign-in (A3)', () => {
  let graph: TestGraph;
  let jwks: http.Server;
  let providerKey: KeyLike;
  let strangerKey: KeyLike;

  beforeAll(async () => {
    const provider = await generateKeyPair('RS256');
    providerKey = provider.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const published = { keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'provider-key-1', alg: 'RS256', use: 'sig' }] };
    jwks = http.createServer((_req, res) => res.end(JSON.stringify(published)));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/keys`;
    graph = await startTestGraph({
      env: {
        GOOGLE_CLIENT_ID: 'portal-web.apps.example',
        GOOGLE_JWKS_URL: url,
        APPLE_CLIENT_ID: 'com.example.portal',
        APPLE_JWKS_URL: url,
      },
    });
  });
  afterAll(async () => {
    await graph.close();
    jwks.close();
  });

  const idToken = (claims: Record<string, unknown>, options: { key?: KeyLike; issuer?: string; audience?: string; expiresAt?: number } = {}) =>
    new SignJWT({ email_verified: true, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1' })
      .setIssuer(options.issuer ?? 'https://accounts.google.com')
      .setAudience(options.audience ?? 'portal-web.apps.example')
      .setSubject('google-user-1')
      .setIssuedAt(Math.floor(graph.clock.now().getTime() / 1000))
      .setExpirationTime(options.expiresAt ?? Math.floor(graph.clock.now().getTime() / 1000) + 600)
      .sign(options.key ?? providerKey);

  const me = async (accessToken: string) => (await graph.query('{ me { id email } }', {}, { token: accessToken })).body.data.me;

  it('A3: a valid Google token signs in to the account with that verified e-mail', async () => {
    const { body } = await graph.query(GOOGLE, { t: await idToken({ email: 'Dana@Example.com' }) });
    expect(body.data.signInWithGoogle.__typename).toBe('Session');
    expect(await me(body.data.signInWithGoogle.accessToken)).toEqual({ id: DEMO.accounts.dana.id, email: DEMO.accounts.dana.email });
  });

  it('A3: a valid Apple token for a new e-mail creates the account', async () => {
    const token = await idToken({ email: 'apple.user@example.com', email_verified: 'true' }, { issuer: 'https://appleid.apple.com', audience: 'com.example.portal' });
    const { body } = await graph.query(APPLE, { t: token });
    expect(body.data.signInWithApple.__typename).toBe('Session');
    expect((await me(body.data.signInWithApple.accessToken)).email).toBe('apple.user@example.com');
  });

  it.each([
    ['forged (signed by a key the provider never published)', { email: 'dana@example.com' }, { key: 'stranger' }],
    ['expired', { email: 'dana@example.com' }, { expiresIn: 'past' }],
    ['for another app (wrong audience)', { email: 'dana@example.com' }, { audience: 'someone-else.apps.example' }],
    ['from another issuer', { email: 'dana@example.com' }, { issuer: 'https://evil.example' }],
  ])('A3: refuses a token that is %s', async (_what, claims, opts: Record<string, string>) => {
    const token = await idToken(claims, {
      key: opts.key === 'stranger' ? strangerKey : undefined,
      audience: opts.audience,
      issuer: opts.issuer,
      expiresAt: opts.expiresIn === 'past' ? Math.floor(graph.clock.now().getTime() / 1000) - 60 : undefined,
    });
    const { body } = await graph.query(GOOGLE, { t: token });
    expect(body.data.signInWithGoogle).toMatchObject({ __typename: 'InvalidIdTokenError', code: 'INVALID_ID_TOKEN' });
  });

  it('refuses a token whose e-mail the provider has not verified', async () => {
    const { body } = await graph.query(GOOGLE, { t: await idToken({ email: 'dana@example.com', email_verified: false }) });
    expect(body.data.signInWithGoogle).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
  });

  it('refuses garbage', async () => {
    const { body } = await graph.query(APPLE, { t: 'not.a.token' });
    expect(body.data.signInWithApple.code).toBe('INVALID_ID_TOKEN');
  });
});
