import { STATUS_CODES } from 'node:http';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { Agent } from 'undici';
import { HEADERS, TRUSTED_HEADERS, identityToHeaders } from '../kernel/identity';
import type { Logger } from '../kernel/logger';
import type { SubgraphFetchMetrics } from '../kernel/metrics';
import { CLIENT_NAME_HEADER } from '../kernel/request-log';
import type { GatewayContext } from './gateway';
import { isConnectionReset, isQueryDocument } from './subgraph-fetcher';
import { isUnavailable, unavailableResponse, type SubgraphResponse } from './subgraph-unavailable';

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
/** A fetch of a client's operation (not a health check or schema load: the gateway sends none of those here). */
type IncomingOperation = Extract<ProcessOptions, { incomingRequestContext: unknown }>;

/**
 * How the gateway sends one planned fetch to a subgraph: the `GraphQLDataSource` interface of
 * @apollo/gateway implemented straight on undici (one keep-alive pool per subgraph, see
 * subgraph-fetcher.ts), with the behaviour of its RemoteGraphQLDataSource where a client or the
 * gateway can tell (errors of a non-2xx answer, the cache policy of a subgraph's Cache-Control).
 *
 * Why not RemoteGraphQLDataSource with a fetcher: for every fetch it builds a node-fetch
 * Headers, copies it with Object.fromEntries and builds a node-fetch Request it only keeps for
 * error hooks, each header name and value checked by regular expression three times over. Under
 * `npm run bench` (perf record on the gateway) that was about 6 % of its CPU per Dashboard; here
 * the headers are one plain object, checked once by undici.
 *
 * Headers are built here and only here: the shared secret that subgraphs require, the verified
 * identity, the request id, the client's address, name and trace context. Whatever a client sent
 * under those names never gets through, since no client header is forwarded.
 *
 * A read whose connection was reset under it (a keep-alive connection the subgraph closed, or a
 * subgraph restarting) is sent once more; a mutation never is, since it may have run. A subgraph
 * that does not answer at all costs the client its part of the answer, not all of it (README
 * "When a subgraph is down").
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly origin: string;
  private readonly path: string;

  constructor(
    private readonly url: string,
    private readonly subgraph: string,
    private readonly secret: string,
    private readonly agent: Agent,
    private readonly fetches: SubgraphFetchMetrics,
    private readonly log: Logger,
  ) {
    const target = new URL(url);
    this.origin = target.origin;
    this.path = target.pathname + target.search;
  }

  async process(options: ProcessOptions): Promise<SubgraphResponse> {
    const log = (options.context as Partial<GatewayContext> | undefined)?.log ?? this.log;
    try {
      try {
        return await this.send(options);
      } catch (error) {
        if (!isConnectionReset(error) || !isQueryDocument(options.request.query)) throw error;
        this.fetches.retries.inc({ subgraph: this.subgraph });
        log.warn({ subgraph: this.subgraph, err: (error as Error).message }, 'subgraph connection reset; query sent again');
        return await this.send(options);
      }
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      log.warn({ subgraph: this.subgraph, err: (error as Error).message }, 'subgraph not answering');
      return unavailableResponse(this.subgraph, options.request, 'document' in options ? options.document : undefined);
    }
  }

  private async send(options: ProcessOptions): Promise<SubgraphResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const incoming = 'incomingRequestContext' in options ? (options as IncomingOperation) : undefined;
    const started = process.hrtime.bigint();
    let outcome = 'network_error';
    try {
      const response = await this.agent.request({
        origin: this.origin,
        path: this.path,
        method: 'POST',
        headers: this.headers(incoming?.context, request.http?.headers),
        body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions }),
      });
      const text = await response.body.text();
      outcome = response.statusCode < 400 ? 'ok' : 'http_error';
      const contentType = headerValue(response.headers['content-type']);
      const body: unknown = contentType && /^application\/(?:graphql-response\+)?json/.test(contentType) ? JSON.parse(text) : text;
      if (response.statusCode < 200 || response.statusCode > 299) throw this.errorFromResponse(response.statusCode, body);
      if (typeof body !== 'object' || body === null) throw new Error(`Expected JSON response body, but received: ${text}`);
      if (incoming) restrictCachePolicy(incoming.incomingRequestContext, headerValue(response.headers['cache-control']));
      return body as SubgraphResponse;
    } finally {
      this.fetches.duration.observe({ subgraph: this.subgraph, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  /** The request's headers: the gateway's own, never a client's (see the class comment). */
  private headers(context: GatewayContext | undefined, planned: Iterable<[string, string]> | undefined): Record<string, string> {
    const headers: Record<string, string> = {};
    // What the gateway's executor itself asks for (a federated trace), minus any trusted name.
    if (planned) for (const [name, value] of planned) if (!TRUSTED_HEADERS.includes(name.toLowerCase())) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    headers[HEADERS.gatewaySecret] = this.secret;
    if (context?.requestId) headers[HEADERS.requestId] = context.requestId;
    if (context?.clientIp) headers[HEADERS.clientIp] = context.clientIp;
    if (context?.publicUrl) headers[HEADERS.publicUrl] = context.publicUrl;
    if (context?.clientName) headers[CLIENT_NAME_HEADER] = context.clientName;
    // Tracing writes its own traceparent into the request (kernel/tracing.ts); without it the
    // client's is passed on, so the subgraphs' log lines carry the client's trace id.
    if (context?.traceContext) {
      headers.traceparent = context.traceContext.traceparent;
      if (context.traceContext.tracestate) headers.tracestate = context.traceContext.tracestate;
    }
    if (context?.identity) Object.assign(headers, identityToHeaders(context.identity));
    return headers;
  }

  /**
   * The error of a non-2xx answer, as RemoteGraphQLDataSource makes it ("503: Service
   * Unavailable", the response under `extensions.response`, 401 and 403 as UNAUTHENTICATED and
   * FORBIDDEN), with one exception: a subgraph answers HTTP 400 when it refuses a request as a
   * whole, as Apollo Server does for a variable its own scalar rejects (a date the supergraph's
   * generic scalar let through). That is the client's input, relayed as BAD_USER_INPUT with the
   * subgraph's message, rather than the bare "400: Bad Request", which would reach the client as
   * an INTERNAL_SERVER_ERROR.
   */
  private errorFromResponse(status: number, body: unknown): GraphQLError {
    if (status === 400) {
      const errors = (body as { errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> } | null)?.errors;
      const refused = Array.isArray(errors) ? errors.find((e) => e?.extensions?.code === 'BAD_USER_INPUT' && typeof e.message === 'string') : undefined;
      if (refused) return new GraphQLError(refused.message as string, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    const statusText = STATUS_CODES[status] ?? '';
    const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : undefined;
    return new GraphQLError(`${status}: ${statusText}`, { extensions: { response: { url: this.url, status, statusText, body }, ...(code ? { code } : {}) } });
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * A subgraph's Cache-Control narrows the policy of the whole answer, as RemoteGraphQLDataSource
 * does it: no header or no max-age makes it uncacheable; `private` and `public` set the scope.
 */
function restrictCachePolicy(context: IncomingOperation['incomingRequestContext'], cacheControl: string | undefined): void {
  const policy = context.overallCachePolicy;
  if (!policy || !('restrict' in policy)) return;
  const directives = new Map((cacheControl ?? '').split(',').map((part) => {
    const [name, value] = part.trim().split('=', 2);
    return [name.toLowerCase(), value] as const;
  }));
  const maxAge = directives.get('max-age');
  policy.restrict({
    maxAge: maxAge && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0,
    ...(directives.has('private') ? { scope: 'PRIVATE' as const } : directives.has('public') ? { scope: 'PUBLIC' as const } : {}),
  });
}
