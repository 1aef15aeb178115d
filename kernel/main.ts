import { calendarFromEnv } from './business-days';
import { systemClock } from './clock';
import { SUBGRAPH_NAMES, databaseConfig, intFromEnv, isProduction, subgraphPort, subgraphUrl, type Env } from './config';
import type { EventRoutes } from './outbox/outbox';
import { StartupError } from './errors';
import { createLogger } from './logger';
import { DEFAULT_BACKGROUND, startSubgraph, type SubgraphDefinition } from './subgraph';

export interface Closable {
  close(): Promise<void>;
}

/**
 * Runs one process of the graph: starts it, stops it cleanly on SIGINT/SIGTERM, and turns a
 * failure to start into one line on stderr and exit code 1 (no stack trace for a
 * configuration problem the operator can fix).
 */
export function runProcess(service: string, start: () => Promise<Closable>): void {
  start()
    .then((running) => {
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        running.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((error: Error) => {
      if (error instanceof StartupError) console.error(error.message);
      else console.error(`${service} could not start: ${error.message}`);
      process.exit(1);
    });
}

/** The secret subgraphs require from the gateway; never defaulted, never logged. */
export function gatewaySecretFromEnv(env: Env): string {
  const secret = env.GATEWAY_SECRET ?? '';
  if (!secret) {
    throw new StartupError('GATEWAY_SECRET is not set: `npm start` sets one for all four processes; to run a process alone, give it the same GATEWAY_SECRET as the others.');
  }
  if (isProduction(env) && secret.length < 32) throw new StartupError('GATEWAY_SECRET must be at least 32 characters in production.');
  return secret;
}

/** Entry point of a subgraph process, configured from the environment. */
export function runSubgraphProcess<S, L>(definition: SubgraphDefinition<S, L>, routes: EventRoutes, env: Env = process.env): void {
  runProcess(`${definition.name} subgraph`, async () => {
    const options = {
      host: env.HOST || '127.0.0.1',
      port: subgraphPort(definition.name, env),
      database: databaseConfig(env),
      gatewaySecret: gatewaySecretFromEnv(env),
      clock: systemClock,
      seedDemo: env.SEED_DEMO === '1' && !isProduction(env),
      log: createLogger(`${definition.name}-subgraph`),
      routes,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(name, env)])),
      calendar: calendarFromEnv(env.BUSINESS_HOLIDAYS),
      background: {
        relayIntervalMs: intFromEnv(env, 'OUTBOX_POLL_MS', DEFAULT_BACKGROUND.relayIntervalMs, 10, 60_000),
        workerIntervalMs: intFromEnv(env, 'JOBS_POLL_MS', DEFAULT_BACKGROUND.workerIntervalMs, 10, 60_000),
      },
    };
    const running = await startSubgraph(definition, options);
    options.log.info({ url: running.url }, 'listening');
    return running;
  });
}
