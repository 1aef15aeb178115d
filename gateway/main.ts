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
  subgraphUrl,
} from '../kernel/config';
import { systemClock } from '../kernel/clock';
import { createLogger } from '../kernel/logger';
import { gatewaySecretFromEnv, runProcess } from '../kernel/main';
import { startGateway } from './gateway';

const env = process.env;
const log = createLogger('gateway');
runProcess('gateway', log, async (http) => {
  const running = await startGateway({
    host: env.HOST || '127.0.0.1',
    port: portFromEnv(env, 'GATEWAY_PORT', GATEWAY_PORT),
    internalPort: portFromEnv(env, 'GATEWAY_INTERNAL_PORT', GATEWAY_INTERNAL_PORT),
    corsOrigins: corsOrigins(env),
    keepAliveTimeoutMs: http.keepAliveTimeoutMs,
    subgraphIdleTimeoutMs: intFromEnv(env, 'SUBGRAPH_IDLE_TIMEOUT_MS', DEFAULT_SUBGRAPH_IDLE_TIMEOUT_MS, 100, 600_000),
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(name, env)])) as Record<(typeof SUBGRAPH_NAMES)[number], string>,
    gatewaySecret: gatewaySecretFromEnv(env),
    production: isProduction(env),
    log,
    clock: systemClock,
    trustProxy: env.TRUST_PROXY === '1',
  });
  log.info({ url: running.url, internal: running.internalUrl }, 'listening');
  return running;
}, env);
