import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { errorLoggingPlugin, maskError } from './apollo';
import type { Clock } from './clock';
import { SUBGRAPHS, isProduction, type DatabaseConfig, type SubgraphName } from './config';
import type { SubgraphContext } from './context';
import { databaseAnswers, openDatabase } from './db';
import { identityFromHeaders } from './identity';
import { startHttpService, type RunningService } from './http';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';

export interface ServiceDeps {
  clock: Clock;
  log: Logger;
}

/** What a subgraph folder exports; one bootstrap (`startSubgraph`) runs all three. */
export interface SubgraphDefinition<TServices, TLoaders> {
  name: SubgraphName;
  entities: Function[];
  migrations: Function[];
  /** Builds the federated schema (no database needed: `npm run compose` calls it too). */
  buildSchema(): Promise<GraphQLSchema>;
  createServices(dataSource: DataSource, deps: ServiceDeps): TServices;
  createLoaders(services: TServices): TLoaders;
  /** Writes the demo data when the database is empty; returns whether it wrote anything. */
  seedDemo(dataSource: DataSource, clock: Clock): Promise<boolean>;
}

export interface SubgraphOptions {
  host: string;
  port: number;
  database: DatabaseConfig;
  gatewaySecret: string;
  clock: Clock;
  seedDemo: boolean;
  log?: Logger;
}

export interface RunningSubgraph<TServices> extends RunningService {
  dataSource: DataSource;
  metrics: Metrics;
  services: TServices;
}

const schemas = new Map<SubgraphName, Promise<GraphQLSchema>>();

/** Builds a subgraph's schema once per process (type-graphql's build is not free). */
export function subgraphSchema(definition: SubgraphDefinition<unknown, unknown>): Promise<GraphQLSchema> {
  let schema = schemas.get(definition.name);
  if (!schema) {
    schema = definition.buildSchema();
    schemas.set(definition.name, schema);
  }
  return schema;
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
  try {
    if (options.seedDemo && (await definition.seedDemo(dataSource, options.clock))) log.info('demo data written');
    const services = definition.createServices(dataSource, { clock: options.clock, log });
    type Context = SubgraphContext<TServices, TLoaders>;
    const apollo = new ApolloServer<Context>({
      schema: await subgraphSchema(definition as SubgraphDefinition<unknown, unknown>),
      // Only the gateway talks to a subgraph; clients explore the composed graph there. No
      // usage is reported to Apollo's cloud, so federated traces would only cost time.
      plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), errorLoggingPlugin<Context>(log)],
      formatError: maskError,
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
      apollo,
      log,
      metrics,
      gatewaySecret: options.gatewaySecret,
      acceptRequestId: true,
      context: async (request: IncomingMessage, requestId: string, reqLog: Logger) => ({
        identity: identityFromHeaders(request.headers),
        requestId,
        log: reqLog,
        services,
        loaders: definition.createLoaders(services),
      }),
      readiness: async () => {
        const db = await databaseAnswers(dataSource);
        return { ready: db, detail: { service, database: db ? 'up' : 'down' } };
      },
    });
    return {
      ...running,
      dataSource,
      metrics,
      services,
      close: async () => {
        await running.close();
        await apollo.stop();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}
