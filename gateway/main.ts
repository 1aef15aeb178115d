import 'reflect-metadata';
import { GATEWAY_PORT, SUBGRAPH_NAMES, isProduction, portFromEnv, subgraphUrl } from '../kernel/config';
import { systemClock } from '../kernel/clock';
import { createLogger } from '../kernel/logger';
import { gatewaySecretFromEnv, runProcess } from '../kernel/main';
import { startGateway } from './gateway';
import { operationLimitsFromEnv } from './operation-limits';
import { trustedDocumentsModeFromEnv } from './trusted-documents';

runProcess('gateway', async () => {
  const env = process.env;
  const log = createLogger('gateway');
  const running = await startGateway({
    host: env.HOST || '127.0.0.1',
    port: portFromEnv(env, 'GATEWAY_PORT', GATEWAY_PORT),
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(name, env)])) as Record<(typeof SUBGRAPH_NAMES)[number], string>,
    gatewaySecret: gatewaySecretFromEnv(env),
    production: isProduction(env),
    log,
    clock: systemClock,
    trustProxy: env.TRUST_PROXY === '1',
    limits: operationLimitsFromEnv(env),
    trustedDocuments: trustedDocumentsModeFromEnv(env, isProduction(env)),
  });
  log.info({ url: running.url }, 'listening');
  return running;
});
