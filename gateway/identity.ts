import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { verifyAccessTokenUntil, type TrustedIssuers } from '../kernel/access-token';
import { ANONYMOUS, type Identity } from '../kernel/identity';

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * Works out who is calling: `Authorization: Bearer <token>`, an access token from signIn (A3) or
 * an order token (O8), verified against its issuer's published keys (signature, issuer,
 * audience, expiry). Without it the caller is anonymous. There is no other way in, in any
 * environment.
 */
export async function identityOf(
  request: { headers: IncomingHttpHeaders },
  options: { issuers: TrustedIssuers; now: Date; cache?: VerifiedTokenCache },
): Promise<Identity> {
  const authorization = request.headers.authorization;
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('Send the access token as `Authorization: Bearer <token>`.');
  const token = match[1];
  const cached = options.cache?.get(token, options.now);
  if (cached) return cached;
  try {
    const verified = await verifyAccessTokenUntil(token, options.issuers, options.now);
    options.cache?.set(token, verified);
    return verified.identity;
  } catch {
    throw unauthenticated('Your session has expired or is not valid. Please sign in again.');
  }
}

/** Default of VERIFIED_TOKEN_CACHE_SIZE: a busy gateway's signed-in clients of the last minutes. */
export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/**
 * Identities of access tokens already verified, each kept until its token expires by the one
 * clock, at most `size` of them (least recently used go first). A client sends the same token
 * with every request of its session, and an ES256 verification is the gateway's largest single
 * cost per request after the sockets; a hit costs one map lookup. Only tokens that passed
 * verification are kept (a refused token is checked again each time, so garbage cannot fill the
 * cache), and the answer is the one verification gave: tokens carry no revocation either way, and
 * a key withdrawn from the JWKS stops new tokens at once and cached ones by their expiry (15
 * minutes at most). Size 0 turns the cache off.
 */
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, { identity: Identity; expiresAtMs: number }> | null;

  constructor(size: number) {
    this.entries = size > 0 ? new LRUCache({ max: size }) : null;
  }

  get(token: string, now: Date): Identity | undefined {
    const entry = this.entries?.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= now.getTime()) {
      this.entries!.delete(token);
      return undefined;
    }
    return entry.identity;
  }

  set(token: string, verified: { identity: Identity; expiresAtMs: number }): void {
    this.entries?.set(token, verified);
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }
}

/**
 * The caller's address. Behind a proxy or load balancer (TRUST_PROXY=1) it is the first entry
 * of X-Forwarded-For, which only that proxy may set; otherwise the connection's own address.
 */
export function clientIpOf(request: { headers: IncomingHttpHeaders; socket: { remoteAddress?: string } }, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',')[0].trim().slice(0, 60);
  return (request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}
