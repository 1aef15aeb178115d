import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';

/** What a subgraph data source answers the gateway with. */
export type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/**
 * Code of the error a client gets for the part of an answer a subgraph could not give, because
 * it is down or failing (connection refused or reset, timeout, 502/503/504).
 */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** True when a subgraph fetch failed because the subgraph is not answering (not a GraphQL error of its own). */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; errno?: string; name?: string; type?: string; cause?: { code?: string }; extensions?: { response?: { status?: number } } };
  if (NETWORK_CODES.has(e?.code ?? '') || NETWORK_CODES.has(e?.errno ?? '') || NETWORK_CODES.has(e?.cause?.code ?? '')) return true;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.type === 'request-timeout') return true;
  const status = e?.extensions?.response?.status;
  return status === 502 || status === 503 || status === 504;
}

function responseNames(selectionSet: SelectionSetNode | undefined): string[] {
  const names: string[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') names.push(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) names.push(...responseNames(selection.selectionSet));
  }
  return [...new Set(names)];
}

/**
 * The answer the gateway gives itself in place of a subgraph that did not answer: no data, and
 * one error per field the subgraph was asked for, with the path of that field as the subgraph
 * would have reported it (`_entities.<i>.<field>` for an entity fetch, `<field>` for a root
 * field). The gateway maps those paths into the client's answer, so each error names the part
 * that is missing (`me.licenses`), and the fields, nullable where a client can live without them
 * (README "When a subgraph is down"), come back null while the rest of the answer arrives.
 */
export function unavailableResponse(
  serviceName: string,
  request: { query?: string; variables?: Record<string, unknown> },
  document?: DocumentNode,
): SubgraphResponse {
  const doc = document ?? parse(request.query ?? '{ __typename }');
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const message = `The ${serviceName} service is not answering right now; this part of the answer is missing. Please try again shortly.`;
  const errors: GraphQLError[] = [];
  const error = (path: Array<string | number>) => new GraphQLError(message, { path, extensions: { code: SUBGRAPH_UNAVAILABLE } });
  for (const selection of operation && operation.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet.selections : []) {
    if (selection.kind !== Kind.FIELD) continue;
    const root = selection.alias?.value ?? selection.name.value;
    if (selection.name.value === '_entities') {
      const representations = (request.variables?.representations as unknown[] | undefined) ?? [];
      const fields = responseNames(selection.selectionSet);
      representations.forEach((_, index) => fields.forEach((field) => errors.push(error([root, index, field]))));
    } else {
      errors.push(error([root]));
    }
  }
  if (errors.length === 0) errors.push(new GraphQLError(message, { extensions: { code: SUBGRAPH_UNAVAILABLE } }));
  return { errors: errors.map((e) => e.toJSON()) };
}
