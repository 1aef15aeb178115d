import { GraphQLError } from 'graphql';

/**
 * The thrown tier of errors (DESIGN "Errors"): anything a client is not expected to handle as a
 * business outcome. Expected outcomes (card declined, wrong credentials…) are typed results in
 * the schema instead, and never go through these helpers.
 */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'INTERNAL_SERVER_ERROR';

export function graphError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export const unauthenticated = (message = 'Sign in to see this.') => graphError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to see this.') => graphError('FORBIDDEN', message);
export const badInput = (message: string) => graphError('BAD_USER_INPUT', message);
export const notFound = (message: string) => graphError('NOT_FOUND', message);

/**
 * Why the gateway refused a request before planning it: an operation over one of its limits
 * (depth, aliases, directives, tokens, estimated cost), a document that is not a trusted one,
 * or introspection by someone who may not. Each is its own code so that clients and operators
 * tell them apart; none of them changes anything.
 */
export const REFUSAL_CODES = [
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_DIRECTIVES',
  'TOO_MANY_TOKENS',
  'QUERY_TOO_COSTLY',
  'PERSISTED_QUERY_NOT_IN_LIST',
  'INTROSPECTION_DISABLED',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A refusal answered with HTTP 400: the request, not the server, is at fault. */
export function refusal(code: RefusalCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * A problem found while starting a process (bad configuration, port in use, database down).
 * The entry points print `message` as one line and exit non-zero, with no stack trace: the
 * message says what is wrong and how to fix it.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
