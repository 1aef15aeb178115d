import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

const EXPECTED_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The code of an error we raised on purpose: a GraphQLError thrown by our code, or (at the
 * gateway) an error a subgraph already answered with, which arrives as a plain object. A
 * thrown Error of any other kind (a driver error, a bug) has no expected code.
 */
function expectedCode(error: unknown): string | undefined {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) return String(original.extensions?.code);
  if (original instanceof Error) return undefined;
  return String((error as GraphQLError).extensions?.code);
}

function isExpected(error: unknown): boolean {
  return EXPECTED_CODES.has(expectedCode(error) ?? '');
}

/**
 * What leaves the server: typed errors we raised keep their message and code; anything else
 * (a driver error with SQL in it, a bug) becomes a bare INTERNAL_SERVER_ERROR. The original is
 * logged with the request id by `errorLoggingPlugin`, so operators lose nothing.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isExpected(error)) {
    const { extensions, ...rest } = formatted;
    return { ...rest, extensions: { code: extensions?.code } };
  }
  const code = formatted.extensions?.code;
  // Errors relayed by the gateway from a subgraph were masked there already.
  if (code && code !== 'INTERNAL_SERVER_ERROR' && EXPECTED_CODES.has(String(code))) return formatted;
  return { message: 'Internal server error.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export function errorLoggingPlugin<T extends BaseContext & { log?: Logger }>(fallback: Logger): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          const log = contextValue.log ?? fallback;
          for (const error of errors) {
            if (isExpected(error)) continue;
            const original = unwrapResolverError(error) as Error;
            log.error({ operationName, path: error.path, err: { type: original?.name, message: original?.message, stack: original?.stack } }, 'unexpected error');
          }
        },
      };
    },
  };
}

/**
 * Request duration by operation name and client name (`apollographql-client-name`, as Apollo
 * Client and Sandbox send it), and errors by code, into the service's metrics. Measured from
 * the start of GraphQL processing to the response being ready.
 */
export function requestMetricsPlugin<T extends BaseContext>(metrics: Metrics): ApolloServerPlugin<T> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, response }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.graphqlDuration.observe(
            { operation: metrics.operationNames.value(operationName), client: metrics.clientNames.value(request.http?.headers.get('apollographql-client-name')) },
            seconds,
          );
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const error of errors ?? []) {
            const code = error.extensions?.code;
            metrics.graphqlErrors.inc({ code: metrics.errorCodes.value(typeof code === 'string' ? code : undefined) });
          }
        },
      };
    },
  };
}

