import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { REFUSAL_CODES } from './errors';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { activeSpan } from './tracing';

const EXPECTED_CODES = new Set<string>([
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
  // The gateway: a subgraph did not answer; the error's path names the missing part.
  'SUBGRAPH_UNAVAILABLE',
  ...REFUSAL_CODES,
]);

const REFUSALS = new Set<string>(REFUSAL_CODES);

/**
 * The code of an error we raised on purpose: a GraphQLError thrown by our code, or (at the
 * gateway) an error a subgraph already answered with, which arrives as a plain object. A
 * thrown Error of any other kind (a driver error, a bug) has no expected code.
 */
function expectedCode(error: unknown): string | undefined {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) return refusalCode(original) ?? String(original.extensions?.code);
  if (original instanceof Error) return undefined;
  return String((error as GraphQLError).extensions?.code);
}

/**
 * Apollo Server answers whatever a validation rule or the parser reported under its own
 * GRAPHQL_VALIDATION_FAILED or GRAPHQL_PARSE_FAILED code, keeping the reported error as
 * `originalError`. A refusal of the gateway's (kernel/errors.ts `refusal`) inside keeps its own code.
 */
export function refusalCode(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  for (const candidate of [error, error.originalError]) {
    const code = candidate instanceof GraphQLError ? candidate.extensions?.code : undefined;
    if (typeof code === 'string' && REFUSALS.has(code)) return code;
  }
  return undefined;
}

function isExpected(error: unknown): boolean {
  return EXPECTED_CODES.has(expectedCode(error) ?? '');
}

// Kinds of literal values in a document (a variable is a value node too, but not a literal).
const LITERALS = new Set<string>([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT]);

/**
 * A literal the schema's own scalar refused (`since: "yesterday"` for a DateTimeISO): graphql-js
 * reports it as a validation failure located at the literal (ValuesOfCorrectTypeRule), but it is a
 * bad value, the client's input, like the same value sent as a variable (BAD_USER_INPUT). The
 * gateway's supergraph scalars accept any value, so only the subgraph that owns the scalar sees it.
 * (At the gateway a literal of the wrong type stays a validation failure of the document.)
 */
function refusedValue(formatted: GraphQLFormattedError, error: unknown): boolean {
  const node = (error as GraphQLError | undefined)?.nodes?.[0];
  return formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && node !== undefined && LITERALS.has(node.kind);
}

/**
 * What leaves the server: typed errors we raised keep their message and code; anything else
 * (a driver error with SQL in it, a bug) becomes a bare INTERNAL_SERVER_ERROR. The original is
 * logged with the request id by `errorLoggingPlugin`, so operators lose nothing.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isExpected(error)) {
    const { extensions, ...rest } = formatted;
    // The argument or input field an out-of-bounds value was given for (kernel/input-bounds.ts), for forms.
    const field = typeof extensions?.field === 'string' ? { field: extensions.field } : {};
    return { ...rest, extensions: { code: refusalCode(error) ?? extensions?.code, ...field } };
  }
  const code = formatted.extensions?.code;
  // Errors relayed by the gateway from a subgraph were masked there already.
  if (code && code !== 'INTERNAL_SERVER_ERROR' && EXPECTED_CODES.has(String(code))) return formatted;
  return { message: 'Internal server error.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** `maskError` of a subgraph: a literal its own scalar refused is BAD_USER_INPUT (see `refusedValue`). */
export function maskSubgraphError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  return maskError(refusedValue(formatted, error) ? { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } } : formatted, error);
}

export function errorLoggingPlugin<T extends BaseContext & { log?: Logger }>(fallback: Logger): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          const log = contextValue.log ?? fallback;
          for (const error of errors) {
            // A refusal is the client's doing, but operators tune the limits by them.
            const refused = refusalCode(error);
            if (refused) log.info({ operationName, code: refused }, 'operation refused');
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

/**
 * Once GraphQL knows which operation runs, the request's log lines name it (`operation`), and
 * its span, when the process traces, says it too (`graphql.operation.name`, `.type`). At a
 * subgraph the name is the one the gateway gave its part of the plan (`Dashboard__account__0`).
 */
export function requestLogPlugin<T extends BaseContext & { log?: Logger }>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, operation, contextValue }) {
          if (operationName) contextValue.log?.setBindings({ operation: operationName });
          const span = activeSpan();
          if (span) {
            if (operationName) span.setAttribute('graphql.operation.name', operationName);
            if (operation) span.setAttribute('graphql.operation.type', operation.operation);
          }
        },
      };
    },
  };
}
