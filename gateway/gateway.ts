import fs from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import type { Agent } from 'undici';
import { errorLoggingPlugin, maskError, requestMetricsPlugin } from '../kernel/apollo';
import { SUBGRAPH_NAMES, type SubgraphName } from '../kernel/config';
import { HEADERS, TRUSTED_HEADERS, identityToHeaders, type Identity } from '../kernel/identity';
import { startHttpService, type CorsOrigins, type RunningService } from '../kernel/http';
import type { Logger } from '../kernel/logger';
import { Metrics, type SubgraphFetchMetrics } from '../kernel/metrics';
import { SUPERGRAPH_PATH } from '../kernel/paths';
import { clientIpOf, identityOf } from './identity';
import { ACCESS_TOKEN, remoteKeySet } from '../kernel/access-token';
import type { Clock } from '../kernel/clock';
import { isConnectionReset, isQueryDocument, subgraphAgent, subgraphFetcher } from './subgraph-fetcher';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
  clientIp: string;
  log: Logger;
}

export interface GatewayOptions {
  host: string;
  port: number;
  /** Port of /metrics and the readiness detail (0: any free port). */
  internalPort: number;
  /** Browser origins allowed to call the gateway (CORS_ORIGINS). */
  corsOrigins: CorsOrigins;
  /** Idle keep-alive connections from clients are closed after this long. */
  keepAliveTimeoutMs?: number;
  /** The gateway closes its idle connections to subgraphs after this long (below their keep-alive). */
  subgraphIdleTimeoutMs?: number;
  /** Where each subgraph answers; overrides the URLs written in the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  gatewaySecret: string;
  production: boolean;
  log: Logger;
  /** The one clock: access tokens expire by it. */
  clock: Clock;
  /** Take the client's address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy?: boolean;
  /** Defaults to the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
}

/**
 * Sends each subgraph request with headers the gateway sets itself: the shared secret that
 * subgraphs require, the verified identity and the request id. Whatever a client sent under
 * those names never gets through: outgoing headers are built here, and the trusted names are
 * deleted first in case a future change starts forwarding client headers.
 *
 * A read whose connection was reset under it (a keep-alive connection the subgraph closed, or
 * a subgraph restarting) is sent once more; a mutation never is, since it may have run.
 *
 * The fetcher is undici over one keep-alive pool per subgraph (gateway/subgraph-fetcher.ts).
 * The gateway's default fetcher (make-fetch-happen) spent about a fifth of the gateway's CPU
 * building agents and stack traces for every subgraph request, and Node 20's built-in fetch
 * was slower still (both measured with --cpu-prof under npm run bench).
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly subgraph: string,
    private readonly secret: string,
    agent: Agent,
    private readonly fetches: SubgraphFetchMetrics,
    private readonly log: Logger,
  ) {
    super({ url, fetcher: subgraphFetcher(agent, subgraph, fetches) });
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await super.process(options);
    } catch (error) {
      if (!isConnectionReset(error) || !isQueryDocument(options.request.query)) throw error;
      this.fetches.retries.inc({ subgraph: this.subgraph });
      ((options.context as Partial<GatewayContext>)?.log ?? this.log).warn({ subgraph: this.subgraph, err: (error as Error).message }, 'subgraph connection reset; query sent again');
      return super.process(options);
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    for (const name of TRUSTED_HEADERS) headers.delete(name);
    headers.set(HEADERS.gatewaySecret, this.secret);
    if (context?.requestId) headers.set(HEADERS.requestId, context.requestId);
    if (context?.clientIp) headers.set(HEADERS.clientIp, context.clientIp);
    if (context?.identity) {
      for (const [name, value] of Object.entries(identityToHeaders(context.identity))) headers.set(name, value);
    }
  }
}

async function subgraphReady(url: string): Promise<boolean> {
  // Operator detail only (internal port): a fresh connection each time, apart from the pool.
  try {
    const response = await fetch(url.replace(/\/graphql$/, '/health/ready'), { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

export async function startGateway(options: GatewayOptions): Promise<RunningService> {
  const { log } = options;
  const metrics = new Metrics('gateway');
  const agent = subgraphAgent(options.subgraphIdleTimeoutMs);
  // The account subgraph's public keys, fetched when first needed, cached, refetched for a new key id.
  const keys = remoteKeySet(options.subgraphUrls.account.replace(/\/graphql$/, '') + ACCESS_TOKEN.jwksPath);
  const supergraphSdl = options.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
  const gateway = new ApolloGateway({
    // The committed, composed supergraph: no runtime introspection of subgraphs.
    supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource(options.subgraphUrls[name as SubgraphName] ?? url!, name, options.gatewaySecret, agent, metrics.subgraphFetches(), log),
    logger: log,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Introspection stays on in production: analysts explore the graph in Apollo Sandbox, and
    // the schema holds no secret (its descriptions are written for them). Data stays guarded
    // field by field in the subgraphs.
    introspection: true,
    plugins: [
      options.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ footer: false, includeCookies: false }),
      errorLoggingPlugin<GatewayContext>(log),
      requestMetricsPlugin<GatewayContext>(metrics),
    ],
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    // kernel/main.ts owns SIGINT/SIGTERM; Apollo's own handlers would stop the server a second
    // time, which never settles in @apollo/server 5, and the process hangs until killed.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const running = await startHttpService<GatewayContext>({
    name: 'gateway',
    host: options.host,
    port: options.port,
    portVariable: 'GATEWAY_PORT',
    internalPort: options.internalPort,
    internalPortVariable: 'GATEWAY_INTERNAL_PORT',
    keepAliveTimeoutMs: options.keepAliveTimeoutMs,
    cors: options.corsOrigins,
    compress: true,
    apollo,
    log,
    metrics,
    acceptRequestId: true,
    context: async (request, requestId, reqLog) => ({
      identity: await identityOf(request, { keys, now: options.clock.now() }),
      requestId,
      clientIp: clientIpOf(request, options.trustProxy ?? false),
      log: reqLog,
    }),
    readiness: async (detail) => {
      // The gateway serves once its supergraph is loaded; subgraph states are operator detail.
      if (!detail) return { ready: true, detail: {} };
      const entries = await Promise.all(
        SUBGRAPH_NAMES.map(async (name) => [name, (await subgraphReady(options.subgraphUrls[name])) ? 'up' : 'down'] as const),
      );
      return { ready: true, detail: { service: 'gateway', subgraphs: Object.fromEntries(entries) } };
    },
  }).catch(async (error: unknown) => {
    // A port in use: nothing of this gateway may linger.
    await apollo.stop();
    await agent.destroy();
    throw error;
  });
  return {
    ...running,
    close: async (graceMs?: number) => {
      await running.close(graceMs);
      await apollo.stop();
      // Requests in flight have finished or were cut: what the pool still waits for has no one to answer.
      await agent.destroy();
    },
  };
}
