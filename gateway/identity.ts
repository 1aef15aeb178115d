import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { JWTVerifyGetKey } from 'jose';
import { verifyAccessToken } from '../kernel/access-token';
import { ANONYMOUS, HEADERS, type Identity } from '../kernel/identity';

const ID_PATTERN = /^[A-Za-z0-9-]{1,36}$/;

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * Works out who is calling: `Authorization: Bearer <access token>` from signIn (A3), verified
 * against the account subgraph's published keys. In development only, `x-dev-account-id`
 * acts as an account without signing in; it is refused outright when NODE_ENV=production.
 */
export async function identityOf(request: IncomingMessage, options: { production: boolean; keys: JWTVerifyGetKey; now: Date }): Promise<Identity> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated('Send the access token as `Authorization: Bearer <token>`.');
    try {
      return await verifyAccessToken(match[1], options.keys, options.now);
    } catch {
      throw unauthenticated('Your session has expired or is not valid. Please sign in again.');
    }
  }
  const devAccount = request.headers[HEADERS.devAccountId];
  if (devAccount === undefined) return ANONYMOUS;
  if (options.production) {
    throw new GraphQLError('Development sign-in (x-dev-account-id) is disabled in production.', {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  }
  const id = Array.isArray(devAccount) ? devAccount[0] : devAccount;
  if (!ID_PATTERN.test(id)) {
    throw new GraphQLError('x-dev-account-id must be an account id.', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  return { accountId: id, roles: ['customer'] };
}

/**
 * The caller's address. Behind a proxy or load balancer (TRUST_PROXY=1) it is the first entry
 * of X-Forwarded-For, which only that proxy may set; otherwise the connection's own address.
 */
export function clientIpOf(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',')[0].trim().slice(0, 60);
  return (request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}
