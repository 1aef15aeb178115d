import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, HEADERS, type Identity } from '../kernel/identity';

const ID_PATTERN = /^[A-Za-z0-9-]{1,36}$/;

/**
 * Works out who is calling. Until sign-in lands (A3), the only way to act as an account is the
 * development header `x-dev-account-id`, which is refused outright when NODE_ENV=production.
 */
export function identityOf(request: IncomingMessage, production: boolean): Identity {
  const devAccount = request.headers[HEADERS.devAccountId];
  if (devAccount === undefined) return ANONYMOUS;
  if (production) {
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
