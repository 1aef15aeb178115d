import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWK, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Identity, type Role } from './identity';

/**
 * Access tokens (A3): short-lived JWTs signed by the account subgraph with an asymmetric key
 * (ES256) and verified by the gateway against the public keys the account subgraph publishes
 * as a JWKS. Several keys may be published at once, which is how keys rotate (README).
 */
export const ACCESS_TOKEN = {
  issuer: 'commerce-graph/account',
  audience: 'commerce-graph',
  algorithm: 'ES256',
  /** About fifteen minutes; a refresh token gets the next one. */
  ttlSeconds: 15 * 60,
  jwksPath: '/.well-known/jwks.json',
} as const;

export interface KeySet {
  keys: JWK[];
}

/** A new private signing key, as a JWK with its key id. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN.algorithm, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: ACCESS_TOKEN.algorithm, use: 'sig' };
}

/** The public half of a key set: what may be published. */
export function publicKeySet(keys: KeySet): KeySet {
  return { keys: keys.keys.map(({ kty, crv, x, y, kid, alg, use }) => ({ kty, crv, x, y, kid, alg, use })) };
}

export class InvalidAccessToken extends Error {}

/**
 * Verifies a bearer token (signature, issuer, audience, expiry) and turns it into an identity.
 * `keys` is the account subgraph's JWKS (fetched and cached, refetched on an unknown key id).
 */
export async function verifyAccessToken(token: string, keys: JWTVerifyGetKey, now: Date): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
      algorithms: [ACCESS_TOKEN.algorithm],
      currentDate: now,
    });
    if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidAccessToken('token has no subject');
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r)) : [];
    return { accountId: payload.sub, roles };
  } catch (error) {
    if (error instanceof InvalidAccessToken) throw error;
    throw new InvalidAccessToken((error as Error).message);
  }
}

export function remoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
}
