import { createLocalJWKSet } from 'jose';
import { ACCESS_TOKEN, generateSigningKey, publicKeySet, type TrustedIssuers } from '../kernel/access-token';
import { SigningKeys } from '../subgraphs/account/sign-in/signing-keys';
import { VerifiedTokenCache, identityOf } from './identity';

/** The gateway's cache of verified access tokens (A3): kept until expiry, bounded, never a refused token. */
describe('verified token cache', () => {
  const now = new Date('2026-11-18T15:00:00.000Z');
  const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
  let signer: SigningKeys;
  let issuers: TrustedIssuers;
  /** Issuers that trust no key at all: only a cached answer can pass with these. */
  let withdrawn: TrustedIssuers;

  beforeAll(async () => {
    const key = await generateSigningKey();
    signer = await SigningKeys.fromEnv({ ACCESS_TOKEN_KEYS: JSON.stringify({ keys: [key] }) });
    issuers = { [ACCESS_TOKEN.issuer]: createLocalJWKSet(publicKeySet({ keys: [key] }) as never) };
    const other = await generateSigningKey();
    withdrawn = { [ACCESS_TOKEN.issuer]: createLocalJWKSet(publicKeySet({ keys: [other] }) as never) };
  });

  const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const sign = async (accountId: string) => (await signer.sign({ accountId, roles: ['customer'] }, now)).token;

  it('A3: answers a token seen before from the cache until the token expires, then verifies again', async () => {
    const cache = new VerifiedTokenCache(10);
    const token = await sign('account-1');
    expect(await identityOf(request(token), { issuers, now, cache })).toEqual({ accountId: 'account-1', roles: ['customer'] });
    expect(cache.size).toBe(1);
    // Verified once: the second request is not checked against the keys again.
    expect(await identityOf(request(token), { issuers: withdrawn, now: minutes(14), cache })).toEqual({ accountId: 'account-1', roles: ['customer'] });
    // Access tokens last 15 minutes: past that, the cache no longer answers and the token is refused.
    await expect(identityOf(request(token), { issuers, now: minutes(15), cache })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(cache.size).toBe(0);
  });

  it('A3: never keeps a refused token: a forged one is refused every time', async () => {
    const cache = new VerifiedTokenCache(10);
    const token = await sign('account-2');
    const forged = `${token.slice(0, -4)}AAAA`;
    for (let i = 0; i < 3; i++) {
      await expect(identityOf(request(forged), { issuers, now, cache })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
    expect(cache.size).toBe(0);
    await expect(identityOf(request(token), { issuers: withdrawn, now, cache })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('keeps at most VERIFIED_TOKEN_CACHE_SIZE tokens, the least recently used leave first; 0 keeps none', async () => {
    const cache = new VerifiedTokenCache(2);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(sign));
    for (const token of [a, b, a, c]) await identityOf(request(token), { issuers, now, cache });
    expect(cache.size).toBe(2);
    // b was the least recently used: it is verified again (and refused by keys it was not signed with).
    await expect(identityOf(request(b), { issuers: withdrawn, now, cache })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(await identityOf(request(a), { issuers: withdrawn, now, cache })).toMatchObject({ accountId: 'a' });

    const off = new VerifiedTokenCache(0);
    await identityOf(request(a), { issuers, now, cache: off });
    expect(off.size).toBe(0);
    await expect(identityOf(request(a), { issuers: withdrawn, now, cache: off })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
