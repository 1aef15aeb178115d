import fs from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import type { Agent } from 'undici';
import { errorLoggingPlugin, maskError, requestLogPlugin, requestMetricsPlugin } from '../kernel/apollo';
import { SUBGRAPH_NAMES, type SubgraphName } from '../kernel/config';
import type { Identity } from '../kernel/identity';
import { startHttpService, type CorsOrigins, type RunningService } from '../kernel/http';
import type { Logger } from '../kernel/logger';
import { Metrics } from '../kernel/metrics';
import { SUPERGRAPH_PATH } from '../kernel/paths';
import { DEFAULT_VERIFIED_TOKEN_CACHE_SIZE, VerifiedTokenCache, clientIpOf, identityOf } from './identity';
import { introspectionPolicyPlugin, withoutSuggestions } from './schema-exposure';
import { DEFAULT_OPERATION_LIMITS, operationLimitOptions, type OperationLimits } from './operation-limits';
import { loadManifest, manifestCache, trustedDocumentsPlugin, type TrustedDocumentsMode } from './trusted-documents';
import { ACCESS_TOKEN, JWKS_PATH, ORDER_TOKEN, remoteKeySet } from '../kernel/access-token';
import type { Clock } from '../kernel/clock';
import { subgraphAgent } from './subgraph-fetcher';
import { SubgraphDataSource } from './subgraph-data-source';
import { fileProxyRoutes } from './file-proxy';
import { explorerPlugin } from './explorer';
import { clientNameOf } from '../kernel/request-log';
import { traceContextOf, tracingActive } from '../kernel/tracing';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
  clientIp: string;
  /** Where clients reach the gateway: subgraphs make the links clients follow with it. */
  publicUrl: string;
  /** The caller's `apollographql-client-name`, passed on so the subgraphs' logs and metrics name it too. */
  clientName?: string;
  /** The client's W3C trace context, passed on as it came while this process does not trace. */
  traceContext?: { traceparent: string; tracestate?: string };
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
  /**
   * PUBLIC_URL: where clients reach this gateway (e.g. https://api.shop.example); download and
   * invoice links point there (O10, O13). Unset: http://<host>:<port> of its own listener.
   */
  publicUrl?: string;
  /** Defaults to the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
  /** What an operation may ask for before it is planned; DEFAULT_OPERATION_LIMITS when unset. */
  limits?: OperationLimits;
  /** Who may send documents outside the committed manifest; `allow-staff` in production, else `off`, when unset. */
  trustedDocuments?: TrustedDocumentsMode;
  /** Serve the offline explorer at /explorer (EXPLORER); in development and not in production when unset. */
  explorer?: boolean;
  /** VERIFIED_TOKEN_CACHE_SIZE: verified access tokens kept until they expire (0: none). */
  verifiedTokenCacheSize?: number;
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
  // Each issuer's public keys, fetched when first needed, cached, refetched for a new key id:
  // the account subgraph signs access tokens (A3), the order subgraph order tokens (O8).
  const jwks = (name: SubgraphName) => remoteKeySet(options.subgraphUrls[name].replace(/\/graphql$/, '') + JWKS_PATH);
  const issuers = { [ACCESS_TOKEN.issuer]: jwks('account'), [ORDER_TOKEN.issuer]: jwks('order') };
  const tokenCache = new VerifiedTokenCache(options.verifiedTokenCacheSize ?? DEFAULT_VERIFIED_TOKEN_CACHE_SIZE);
  const supergraphSdl = options.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
  const gateway = new ApolloGateway({
    // The committed, composed supergraph: no runtime introspection of subgraphs.
    supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource(options.subgraphUrls[name as SubgraphName] ?? url!, name, options.gatewaySecret, agent, metrics.subgraphFetches(), log),
    logger: log,
  });
  const limits = operationLimitOptions<GatewayContext>(options.limits ?? DEFAULT_OPERATION_LIMITS);
  const manifest = loadManifest();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Open to Apollo Server; who may introspect is decided per request by introspectionPolicyPlugin.
    introspection: true,
    // Limits on the document (tokens at parse; depth, aliases, directives at validation; cost once
    // the variables are known), all before the gateway plans the operation.
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    // Clients send a manifest operation's id alone; the cache is the manifest and read-only.
    persistedQueries: { cache: manifestCache(manifest), ttl: null },
    // No "Did you mean …?" in production (and withoutSuggestions below): suggestions spell the schema out.
    hideSchemaDetailsFromClientErrors: options.production,
    plugins: [
      trustedDocumentsPlugin<GatewayContext>(manifest, options.trustedDocuments ?? (options.production ? 'allow-staff' : 'off')),
      introspectionPolicyPlugin<GatewayContext>({ everyone: !options.production }),
      limits.plugin,
      options.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ footer: false, includeCookies: false }),
      requestLogPlugin<GatewayContext>(),
      errorLoggingPlugin<GatewayContext>(log),
      requestMetricsPlugin<GatewayContext>(metrics),
    ],
    formatError: options.production ? withoutSuggestions(maskError) : maskError,
    includeStacktraceInErrorResponses: false,
    // kernel/main.ts owns SIGINT/SIGTERM; Apollo's own handlers would stop the server a second
    // time, which never settles in @apollo/server 5, and the process hangs until killed.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const files = fileProxyRoutes({ orderUrl: options.subgraphUrls.order, secret: options.gatewaySecret, log });
  // Known once the listener has its port (0 in tests: any free one).
  let publicUrl = options.publicUrl;
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
    marksOperationalWork: false,
    apollo,
    log,
    metrics,
    acceptRequestId: true,
    routes: files.routes,
    plugins: (options.explorer ?? !options.production) ? [explorerPlugin()] : [],
    context: async (request, requestId, reqLog) => ({
      identity: await identityOf(request, { issuers, now: options.clock.now(), cache: tokenCache }),
      requestId,
      clientIp: clientIpOf(request, options.trustProxy ?? false),
      publicUrl: publicUrl!,
      clientName: clientNameOf(request.headers),
      traceContext: tracingActive() ? undefined : traceContextOf(request.headers),
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
    await files.agent.destroy();
    throw error;
  });
  publicUrl ??= running.url.replace(/\/graphql$/, '');
  return {
    ...running,
    close: async (graceMs?: number) => {
      await running.close(graceMs);
      await apollo.stop();
      // Requests in flight have finished or were cut: what the pool still waits for has no one to answer.
      await agent.destroy();
      await files.agent.destroy();
    },
  };
}
