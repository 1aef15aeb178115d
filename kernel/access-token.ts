import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify, type JWK, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Identity, type Role } from './identity';

/**
 * Bearer tokens of the graph: short-lived JWTs signed with asymmetric keys (ES256) by the
 * subgraph that owns what they open, and verified by the gateway against the public keys that
 * subgraph publishes as a JWKS. Several keys may be published at once, which is how keys rotate.
 *
 * - Access tokens (A3), signed by the account subgraph: an account and its roles.
 * - Order tokens (O8), signed by the order subgraph: one order, and nothing else.
 */
export const TOKEN_ALGORITHM = 'ES256';
export const TOKEN_AUDIENCE = 'commerce-graph';
export const JWKS_PATH = '/.well-known/jwks.json';

export interface TokenIssuer {
  issuer: string;
  /** Environment variable holding the issuer's private keys (a JWKS). */
  keysVariable: string;
  ttlSeconds: number;
}

export const ACCESS_TOKEN: TokenIssuer & { jwksPath: string } = {
  issuer: 'commerce-graph/account',
  keysVariable: 'ACCESS_TOKEN_KEYS',
  /** About fifteen minutes; a refresh token gets the next one. */
  ttlSeconds: 15 * 60,
  jwksPath: JWKS_PATH,
};

/** Opens one order (O8): its holder reads it, its licenses, downloads and invoice; nothing else. */
export const ORDER_TOKEN: TokenIssuer & { jwksPath: string } = {
  issuer: 'commerce-graph/order',
  keysVariable: 'ORDER_TOKEN_KEYS',
  ttlSeconds: 60 * 60,
  jwksPath: JWKS_PATH,
};

export interface KeySet {
  keys: JWK[];
}

/** A new private signing key, as a JWK with its key id. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: TOKEN_ALGORITHM, use: 'sig' };
}

/** The public half of a key set: what may be published. */
export function publicKeySet(keys: KeySet): KeySet {
  return { keys: keys.keys.map(({ kty, crv, x, y, kid, alg, use }) => ({ kty, crv, x, y, kid, alg, use })) };
}

export class InvalidAccessToken extends Error {}

/** The public keys of each issuer the gateway trusts, by issuer. */
export type TrustedIssuers = Record<string, JWTVerifyGetKey>;

/**
 * Verifies a bearer token (signature, issuer, audience, expiry) and turns it into an identity.
 * The token's own `iss` only picks which issuer's keys to check it against: a token an issuer
 * did not sign fails that issuer's signature check.
 */
export async function verifyAccessToken(token: string, issuers: TrustedIssuers, now: Date): Promise<Identity> {
  return (await verifyAccessTokenUntil(token, issuers, now)).identity;
}

/** As verifyAccessToken, with the token's expiry (ms since the epoch), until which the answer holds. */
export async function verifyAccessTokenUntil(token: string, issuers: TrustedIssuers, now: Date): Promise<{ identity: Identity; expiresAtMs: number }> {
  try {
    const claimed = decodeJwt(token).iss;
    const keys = typeof claimed === 'string' ? issuers[claimed] : undefined;
    if (!keys) throw new InvalidAccessToken('token from an issuer the gateway does not trust');
    const { payload } = await jwtVerify(token, keys, {
      issuer: claimed,
      audience: TOKEN_AUDIENCE,
      algorithms: [TOKEN_ALGORITHM],
      currentDate: now,
      // Our tokens always expire: one without `exp` is refused (and so never cached forever).
      requiredClaims: ['exp'],
    });
    if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidAccessToken('token has no subject');
    const expiresAtMs = payload.exp! * 1000;
    if (claimed === ORDER_TOKEN.issuer) {
      if (!payload.sub.startsWith('order:')) throw new InvalidAccessToken('order token without an order');
      return { identity: { accountId: null, roles: [], orderId: payload.sub.slice('order:'.length) }, expiresAtMs };
    }
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r)) : [];
    return { identity: { accountId: payload.sub, roles }, expiresAtMs };
  } catch (error) {
    if (error instanceof InvalidAccessToken) throw error;
    throw new InvalidAccessToken((error as Error).message);
  }
}

export function remoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
}
