import { hostname } from 'node:os';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { errorLoggingPlugin, maskSubgraphError, requestLogPlugin, requestMetricsPlugin } from './apollo';
import { NO_HOLIDAYS, type BusinessCalendar } from './business-days';
import type { Clock } from './clock';
import { SUBGRAPHS, isProduction, type DatabaseConfig, type Env, type SubgraphName } from './config';
import type { SubgraphContext } from './context';
import { databaseAnswers, openDatabase } from './db';
import { HEADERS, identityFromHeaders } from './identity';
import { InternalClient } from './internal-client';
import { startHttpService, type HttpRoute, type RunningService } from './http';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { PollingLoop } from './outbox/background';
import { deadJobs, readBacklog, retryDeadJob } from './outbox/backlog';
import { EventInbox, receiveEventRequest, type EventHandler } from './outbox/inbox';
import { JobWorker, type JobHandler } from './outbox/jobs';
import { Outbox, type EventRoutes } from './outbox/outbox';
import { OutboxRelay } from './outbox/relay';

export interface ServiceDeps {
  clock: Clock;
  log: Logger;
  /** Writes events and jobs in the caller's business transaction (X2). */
  outbox: Outbox;
  /** Weekends and configured holidays (X3). */
  calendar: BusinessCalendar;
  /** The process environment, for a subgraph's own settings (tests pass their own). */
  env: Env;
  /** Questions to other subgraphs that must be answered within a request (never effects). */
  internal: InternalClient;
}

/** What a subgraph folder exports; one bootstrap (`startSubgraph`) runs all three. */
export interface SubgraphDefinition<TServices, TLoaders> {
  name: SubgraphName;
  entities: Function[];
  migrations: Function[];
  /** Builds the federated schema (no database needed: `npm run compose` calls it too). */
  buildSchema(): Promise<GraphQLSchema>;
  /** May be async: a subgraph can check its configuration (keys, say) before it listens. */
  createServices(dataSource: DataSource, deps: ServiceDeps): TServices | Promise<TServices>;
  createLoaders(services: TServices): TLoaders;
  /** Events of other subgraphs this one acts on, by type (see subgraphs/events.ts). */
  eventHandlers: Readonly<Record<string, EventHandler<TServices>>>;
  /** Timed steps this subgraph runs, by job type. */
  jobHandlers: Readonly<Record<string, JobHandler<TServices>>>;
  /** Extra HTTP endpoints of this subgraph (e.g. the account subgraph's public JWKS). */
  routes?(services: TServices): HttpRoute[];
  /** Writes the demo data when the database is empty; returns whether it wrote anything. */
  seedDemo(dataSource: DataSource, deps: ServiceDeps): Promise<boolean>;
}

export interface BackgroundOptions {
  /** How often the relay looks for events to deliver. */
  relayIntervalMs: number;
  /** How often the worker looks for due jobs. */
  workerIntervalMs: number;
}

export const DEFAULT_BACKGROUND: BackgroundOptions = { relayIntervalMs: 500, workerIntervalMs: 1000 };

export interface SubgraphOptions {
  host: string;
  port: number;
  /** Port of /metrics and readiness detail (0: any free port). */
  internalPort: number;
  /** Idle keep-alive connections are closed after this long (longer than the gateway's idle timeout). */
  keepAliveTimeoutMs?: number;
  database: DatabaseConfig;
  gatewaySecret: string;
  clock: Clock;
  seedDemo: boolean;
  /** Which subgraphs consume each event type. */
  routes: EventRoutes;
  /** Where the other subgraphs answer (for event delivery). */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  calendar?: BusinessCalendar;
  /** Defaults to process.env. */
  env?: Env;
  /** Polling of the relay and the worker; `false` leaves them to be driven by hand (tests). */
  background: BackgroundOptions | false;
  log?: Logger;
}

export interface RunningSubgraph<TServices> extends RunningService {
  dataSource: DataSource;
  metrics: Metrics;
  services: TServices;
  relay: OutboxRelay;
  worker: JobWorker<TServices>;
}

const schemas = new Map<SubgraphName, Promise<GraphQLSchema>>();

/** Builds a subgraph's schema once per process (type-graphql's build is not free). */
export function subgraphSchema(definition: SubgraphDefinition<any, any>): Promise<GraphQLSchema> {
  let schema = schemas.get(definition.name);
  if (!schema) {
    schema = definition.buildSchema();
    schemas.set(definition.name, schema);
  }
  return schema;
}

const JOB_ID = /^[0-9a-f-]{36}$/;

/** Operator endpoints: dead jobs, and putting one back in line. Behind the internal secret. */
function operatorRoutes(dataSource: DataSource, clock: Clock, inbox: EventInbox<unknown>, log: Logger): HttpRoute[] {
  return [
    { method: 'POST', path: '/events', handle: (body) => receiveEventRequest(inbox, body, log) },
    { method: 'GET', path: '/admin/jobs/dead', handle: async () => ({ status: 200, body: { jobs: await deadJobs(dataSource) } }) },
    {
      method: 'POST',
      path: '/admin/jobs/:id/retry',
      handle: async (_body, { id }) => {
        const retried = JOB_ID.test(id) && (await retryDeadJob(dataSource, clock, id));
        if (retried) log.info({ jobId: id }, 'dead job put back in line by an operator');
        return retried ? { status: 200, body: { status: 'pending' } } : { status: 404, body: { error: 'no dead job with that id' } };
      },
    },
  ];
}

export async function startSubgraph<TServices, TLoaders>(
  definition: SubgraphDefinition<TServices, TLoaders>,
  options: SubgraphOptions,
): Promise<RunningSubgraph<TServices>> {
  const service = `${definition.name} subgraph`;
  const log = options.log ?? createLogger(`${definition.name}-subgraph`);
  const metrics = new Metrics(definition.name);
  const dataSource = await openDatabase({
    name: definition.name,
    config: options.database,
    entities: definition.entities,
    migrations: definition.migrations,
    metrics,
    log,
  });
  const loops: PollingLoop[] = [];
  try {
    const deps: ServiceDeps = {
      clock: options.clock,
      log,
      outbox: new Outbox(options.clock, options.routes),
      calendar: options.calendar ?? NO_HOLIDAYS,
      env: options.env ?? process.env,
      internal: new InternalClient(options.subgraphUrls, options.gatewaySecret),
    };
    if (options.seedDemo && (await definition.seedDemo(dataSource, deps))) log.info('demo data written');
    const services: TServices = await definition.createServices(dataSource, deps);
    const inbox = new EventInbox(dataSource, options.clock, definition.eventHandlers, services);
    const relay = new OutboxRelay(dataSource, options.clock, log, {
      producer: definition.name,
      consumerUrls: options.subgraphUrls,
      secret: options.gatewaySecret,
    });
    const worker = new JobWorker(dataSource, options.clock, log, definition.jobHandlers, services, {
      workerId: `${definition.name}@${hostname()}:${process.pid}`,
    });
    metrics.gauge('outbox_backlog', 'Events waiting for delivery and jobs by state (X2, X3).', 'kind', async () => {
      const b = await readBacklog(dataSource);
      return {
        events_pending: b.eventsPending,
        events_retrying: b.eventsRetrying,
        jobs_pending: b.jobsPending,
        jobs_running: b.jobsRunning,
        jobs_dead: b.jobsDead,
      };
    });

    type Context = SubgraphContext<TServices, TLoaders>;
    const apollo = new ApolloServer<Context>({
      schema: await subgraphSchema(definition),
      // Only the gateway talks to a subgraph; clients explore the composed graph there. No
      // usage is reported to Apollo's cloud, so federated traces would only cost time.
      plugins: [
        ApolloServerPluginLandingPageDisabled(),
        ApolloServerPluginInlineTraceDisabled(),
        requestLogPlugin<Context>(),
        errorLoggingPlugin<Context>(log),
        requestMetricsPlugin<Context>(metrics),
      ],
      formatError: maskSubgraphError,
      includeStacktraceInErrorResponses: false,
      introspection: !isProduction(),
      // kernel/main.ts owns SIGINT/SIGTERM; Apollo's own handlers would stop the server a second
      // time, which never settles in @apollo/server 5, and the process hangs until killed.
      stopOnTerminationSignals: false,
    });
    await apollo.start();
    const running = await startHttpService<Context>({
      name: service,
      host: options.host,
      port: options.port,
      portVariable: `${SUBGRAPHS[definition.name].envPrefix}_PORT`,
      internalPort: options.internalPort,
      internalPortVariable: `${SUBGRAPHS[definition.name].envPrefix}_INTERNAL_PORT`,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs,
      apollo,
      log,
      metrics,
      gatewaySecret: options.gatewaySecret,
      acceptRequestId: true,
      routes: [...operatorRoutes(dataSource, options.clock, inbox as EventInbox<unknown>, log), ...(definition.routes?.(services) ?? [])],
      context: async (request, requestId, reqLog) => ({
        identity: identityFromHeaders(request.headers),
        requestId,
        clientIp: String(request.headers[HEADERS.clientIp] ?? 'unknown'),
        publicUrl: typeof request.headers[HEADERS.publicUrl] === 'string' ? (request.headers[HEADERS.publicUrl] as string) : null,
        log: reqLog,
        services,
        loaders: definition.createLoaders(services),
      }),
      readiness: async (detail) => {
        const db = await databaseAnswers(dataSource);
        const backlog = db && detail ? await readBacklog(dataSource) : null;
        return { ready: db, detail: { service, database: db ? 'up' : 'down', backlog } };
      },
    });
    if (options.background) {
      loops.push(
        new PollingLoop('relay', options.background.relayIntervalMs, () => relay.deliverDue(), log),
        new PollingLoop('jobs', options.background.workerIntervalMs, () => worker.runDue(), log),
      );
      for (const loop of loops) loop.start();
    }
    return {
      ...running,
      dataSource,
      metrics,
      services,
      relay,
      worker,
      close: async (graceMs?: number) => {
        // Requests in flight and the current background round finish; nothing new starts.
        await Promise.all([running.close(graceMs), ...loops.map((loop) => loop.stop())]);
        await apollo.stop();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    for (const loop of loops) await loop.stop();
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}
