import { calendarFromEnv } from './business-days';
import { systemClock } from './clock';
import {
  SUBGRAPH_NAMES,
  databaseConfig,
  httpSettings,
  intFromEnv,
  isProduction,
  subgraphInternalPort,
  subgraphPort,
  subgraphUrl,
  type Env,
  type HttpSettings,
} from './config';
import type { EventRoutes } from './outbox/outbox';
import { StartupError } from './errors';
import { createLogger, type Logger } from './logger';
import { DEFAULT_BACKGROUND, startSubgraph, type SubgraphDefinition } from './subgraph';
import { startTracing, stopTracing } from './tracing';

export interface Closable {
  /** Readiness turns to 503 and responses close their connections; requests are still served. */
  markDraining(): void;
  /** Stops taking connections, lets requests in flight finish within `graceMs`, closes the rest. */
  close(graceMs?: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long the last spans may take to leave on exit: an unreachable collector must not hold up a deploy. */
const TRACE_FLUSH_MS = 3000;

/** Sends the spans still buffered, within TRACE_FLUSH_MS. */
async function flushTraces(log: Logger): Promise<void> {
  const flushed = await Promise.race([stopTracing().then(() => true), sleep(TRACE_FLUSH_MS).then(() => false)]);
  if (!flushed) log.warn({ ms: TRACE_FLUSH_MS }, 'the last spans could not be sent in time');
}

/**
 * A deploy's stop, in the order load balancers need: readiness answers 503 at once (and every
 * response closes its connection), the listener stays open for `shutdownDelayMs` so that
 * balancers notice and stop sending, then it closes, requests in flight get
 * `shutdownTimeoutMs` to finish, and what is left is cut.
 */
export async function drainAndClose(running: Closable, settings: Pick<HttpSettings, 'shutdownDelayMs' | 'shutdownTimeoutMs'>, log: Logger, signal: string): Promise<void> {
  const started = performance.now();
  running.markDraining();
  log.info({ signal, delayMs: settings.shutdownDelayMs, timeoutMs: settings.shutdownTimeoutMs }, 'stopping: readiness is 503, draining requests in flight');
  if (settings.shutdownDelayMs > 0) await sleep(settings.shutdownDelayMs);
  await running.close(settings.shutdownTimeoutMs);
  log.info({ ms: Math.round(performance.now() - started) }, 'stopped');
}

/**
 * Runs one process of the graph: starts it, stops it gracefully on SIGTERM or SIGINT
 * (`drainAndClose`), and turns a failure to start into one line
 * on stderr and exit code 1 (no stack trace for a configuration problem the operator can fix).
 */
export function runProcess(service: string, log: Logger, start: (settings: HttpSettings) => Promise<Closable>, env: Env = process.env): void {
  let settings: HttpSettings;
  try {
    settings = httpSettings(env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  // Tracing first (off unless OTEL_* asks for it, kernel/tracing.ts): a bad setting stops the start like any other.
  startTracing({ service: service.replace(/ /g, '-'), env })
    .then(() => start(settings))
    .then((running) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        // Ctrl-C under `npm start` brings SIGINT from the terminal and SIGTERM from the launcher:
        // one drain serves both, and its deadline bounds it.
        if (stopping) return;
        stopping = true;
        drainAndClose(running, settings, log, signal)
          .then(() => flushTraces(log))
          .then(
            () => process.exit(0),
            (error: Error) => {
              log.error({ err: error.message }, 'stopping failed');
              process.exit(1);
            },
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
  const log = createLogger(`${definition.name}-subgraph`);
  runProcess(`${definition.name} subgraph`, log, async (http) => {
    const options = {
      host: env.HOST || '127.0.0.1',
      port: subgraphPort(definition.name, env),
      internalPort: subgraphInternalPort(definition.name, env),
      keepAliveTimeoutMs: http.keepAliveTimeoutMs,
      database: databaseConfig(env),
      gatewaySecret: gatewaySecretFromEnv(env),
      clock: systemClock,
      seedDemo: env.SEED_DEMO === '1' && !isProduction(env),
      log,
      routes,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(name, env)])),
      calendar: calendarFromEnv(env.BUSINESS_HOLIDAYS),
      background: {
        relayIntervalMs: intFromEnv(env, 'OUTBOX_POLL_MS', DEFAULT_BACKGROUND.relayIntervalMs, 10, 60_000),
        workerIntervalMs: intFromEnv(env, 'JOBS_POLL_MS', DEFAULT_BACKGROUND.workerIntervalMs, 10, 60_000),
      },
    };
    const running = await startSubgraph(definition, options);
    log.info({ url: running.url, internal: running.internalUrl }, 'listening');
    return running;
  }, env);
}
