import 'reflect-metadata';
import {
  GATEWAY_INTERNAL_PORT,
  GATEWAY_PORT,
  DEFAULT_SUBGRAPH_IDLE_TIMEOUT_MS,
  SUBGRAPH_NAMES,
  corsOrigins,
  intFromEnv,
  isProduction,
  portFromEnv,
  publicUrlFromEnv,
  subgraphUrl,
} from '../kernel/config';
import { systemClock } from '../kernel/clock';
import { StartupError } from '../kernel/errors';
import { createLogger } from '../kernel/logger';
import { gatewaySecretFromEnv, runProcess } from '../kernel/main';
import { startGateway } from './gateway';
import { DEFAULT_VERIFIED_TOKEN_CACHE_SIZE } from './identity';
import { operationLimitsFromEnv } from './operation-limits';
import { trustedDocumentsModeFromEnv } from './trusted-documents';
import { explorerEnabledFromEnv } from './explorer';

const env = process.env;
const log = createLogger('gateway');
runProcess('gateway', log, async (http) => {
  const subgraphIdleTimeoutMs = intFromEnv(env, 'SUBGRAPH_IDLE_TIMEOUT_MS', DEFAULT_SUBGRAPH_IDLE_TIMEOUT_MS, 100, 600_000);
  // The graph's processes usually share one environment (npm start, docker-compose's defaults).
  if (subgraphIdleTimeoutMs >= http.keepAliveTimeoutMs) {
    throw new StartupError(
      `SUBGRAPH_IDLE_TIMEOUT_MS=${subgraphIdleTimeoutMs} must be below KEEP_ALIVE_TIMEOUT_MS=${http.keepAliveTimeoutMs}: the gateway must close an idle connection to a subgraph before the subgraph does.`,
    );
  }
  const running = await startGateway({
    host: env.HOST || '127.0.0.1',
    port: portFromEnv(env, 'GATEWAY_PORT', GATEWAY_PORT),
    internalPort: portFromEnv(env, 'GATEWAY_INTERNAL_PORT', GATEWAY_INTERNAL_PORT),
    corsOrigins: corsOrigins(env),
    keepAliveTimeoutMs: http.keepAliveTimeoutMs,
    subgraphIdleTimeoutMs,
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(name, env)])) as Record<(typeof SUBGRAPH_NAMES)[number], string>,
    gatewaySecret: gatewaySecretFromEnv(env),
    production: isProduction(env),
    log,
    clock: systemClock,
    trustProxy: env.TRUST_PROXY === '1',
    publicUrl: publicUrlFromEnv(env),
    limits: operationLimitsFromEnv(env),
    trustedDocuments: trustedDocumentsModeFromEnv(env, isProduction(env)),
    explorer: explorerEnabledFromEnv(env, isProduction(env)),
    verifiedTokenCacheSize: intFromEnv(env, 'VERIFIED_TOKEN_CACHE_SIZE', DEFAULT_VERIFIED_TOKEN_CACHE_SIZE, 0, 1_000_000),
  });
  log.info({ url: running.url, internal: running.internalUrl }, 'listening');
  return running;
}, env);
