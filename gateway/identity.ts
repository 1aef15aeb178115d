import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { verifyAccessToken, type TrustedIssuers } from '../kernel/access-token';
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
export async function identityOf(request: { headers: IncomingHttpHeaders }, options: { issuers: TrustedIssuers; now: Date }): Promise<Identity> {
  const authorization = request.headers.authorization;
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('Send the access token as `Authorization: Bearer <token>`.');
  try {
    return await verifyAccessToken(match[1], options.issuers, options.now);
  } catch {
    throw unauthenticated('Your session has expired or is not valid. Please sign in again.');
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
