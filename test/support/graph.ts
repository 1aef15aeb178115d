import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startGateway, type GatewayOptions } from '../../gateway/gateway';
import { operationLimitsFromEnv } from '../../gateway/operation-limits';
import { trustedDocumentsModeFromEnv } from '../../gateway/trusted-documents';
import type { Role } from '../../kernel/identity';
import { generateSigningKey } from '../../kernel/access-token';
import { SigningKeys } from '../../subgraphs/account/sign-in/signing-keys';
import { ManualClock } from '../../kernel/clock';
import { SUBGRAPH_NAMES, corsOrigins, type DatabaseConfig, type SubgraphName } from '../../kernel/config';
import type { RunningService } from '../../kernel/http';
import type { Logger } from '../../kernel/logger';
import { startSubgraph, type RunningSubgraph, type SubgraphOptions } from '../../kernel/subgraph';
import { SUBGRAPH_DEFINITIONS } from '../../subgraphs';
import { EVENT_ROUTES } from '../../subgraphs/events';
import { dropTestDatabases, testDatabaseConfig, type TestDatabaseKind } from './database';

export interface GraphResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string } }> };
}

export interface TestGraph {
  clock: ManualClock;
  database: DatabaseConfig;
  secret: string;
  gateway: RunningService;
  subgraphs: Record<SubgraphName, RunningSubgraph<any>>;
  /** Every log line written by the four services, parsed. */
  logs: Array<Record<string, unknown>>;
  /**
   * Sends a GraphQL request to the gateway, as the given account when `as` is set (a customer,
   * or with `roles`, e.g. ['analyst']). A null query sends no document: with `extensions`
   * (persistedQuery) that is a trusted document sent by its id.
   */
  query<T = any>(
    query: string | null,
    variables?: Record<string, unknown>,
    options?: { as?: string; roles?: Role[]; token?: string; headers?: Record<string, string>; operationName?: string; extensions?: Record<string, unknown> },
  ): Promise<GraphResponse<T>>;
  /** Runs every subgraph's relay and worker until nothing due is left (at the current clock). */
  drain(): Promise<void>;
  /** Stops one subgraph as if its process died (the gateway keeps running). */
  stopSubgraph(name: SubgraphName): Promise<void>;
  /**
   * Starts a stopped subgraph again, on its database as it was left and on the same port (the
   * gateway's URL stays right); the relays deliver to its new address. Needs a database that
   * outlives the process: MySQL, or `durable: true` on SQLite.
   */
  restartSubgraph(name: SubgraphName): Promise<void>;
  /** A customer's access token, signed with this graph's key as signIn would sign it. */
  token(accountId: string): Promise<string>;
  /** SQL statements each subgraph has executed so far. */
  sqlCounts(): Record<SubgraphName, number>;
  close(): Promise<void>;
}

function captureLogs(lines: Array<Record<string, unknown>>, name: string): Logger {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return pino({ name, level: 'info', base: { service: name } }, sink);
}

/**
 * The whole graph in this test process: three subgraphs and the gateway on free ports, each
 * subgraph on its own database (MySQL when reachable, see global-setup, unless `database` is
 * 'sqlite'), the demo data seeded.
 */
export async function startTestGraph(
  options: {
    seedDemo?: boolean;
    production?: boolean;
    env?: Record<string, string>;
    /** Which database: the run's (MySQL when it answers), or SQLite whatever the run uses. */
    database?: TestDatabaseKind;
    /** On SQLite, files in a temporary directory instead of memory, so a restarted subgraph finds its data. */
    durable?: boolean;
    /** HTTP settings of the gateway (CORS, keep-alive…) over the defaults. */
    gateway?: Partial<GatewayOptions>;
    /** HTTP settings of every subgraph over the defaults. */
    subgraph?: Pick<Partial<SubgraphOptions>, 'keepAliveTimeoutMs'>;
  } = {},
): Promise<TestGraph> {
  const clock = new ManualClock('2026-11-18T15:00:00.000Z');
  // The signing keys, the order subgraph's card-digit digest key and link key, made for this
  // graph; cheap password hashing for speed.
  const env = {
    ...process.env,
    ACCESS_TOKEN_KEYS: JSON.stringify({ keys: [await generateSigningKey()] }),
    ORDER_TOKEN_KEYS: JSON.stringify({ keys: [await generateSigningKey()] }),
    CARD_DIGEST_KEY: randomBytes(32).toString('base64url'),
    DOWNLOAD_URL_KEY: randomBytes(32).toString('base64url'),
    // The demo installers are the same bytes wherever they are made: every test graph shares one copy.
    FILE_STORAGE_DIR: path.join(os.tmpdir(), 'commerce-graph-test-files'),
    PASSWORD_HASH_LOG_N: '10',
    ...options.env,
  };
  const keys = await SigningKeys.fromEnv(env);
  let database = testDatabaseConfig(options.database);
  const sqliteDirectory = database.kind === 'sqlite' && options.durable ? fs.mkdtempSync(path.join(os.tmpdir(), 'graph-')) : null;
  if (sqliteDirectory) database = { kind: 'sqlite', directory: sqliteDirectory };
  const secret = randomBytes(24).toString('base64url');
  const logs: Array<Record<string, unknown>> = [];
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph<any>>;
  const stopped = new Set<SubgraphName>();
  // Filled as the subgraphs start on their free ports; relays read it when they deliver.
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  const start = async (name: SubgraphName, port: number) => {
    subgraphs[name] = await startSubgraph(SUBGRAPH_DEFINITIONS[name], {
      host: '127.0.0.1',
      port,
      internalPort: 0,
      ...options.subgraph,
      database,
      gatewaySecret: secret,
      clock,
      seedDemo: options.seedDemo ?? true,
      log: captureLogs(logs, `${name}-subgraph`),
      routes: EVENT_ROUTES,
      subgraphUrls,
      env,
      // Tests move the clock and run the relays and workers themselves (`drain`).
      background: false,
    });
    subgraphUrls[name] = subgraphs[name].url;
  };
  for (const name of SUBGRAPH_NAMES) await start(name, 0);
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    internalPort: 0,
    corsOrigins: corsOrigins(env),
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].url])) as Record<SubgraphName, string>,
    gatewaySecret: secret,
    production: options.production ?? false,
    log: captureLogs(logs, 'gateway'),
    clock,
    // Tests stand for the proxy: they set X-Forwarded-For to act as different client addresses.
    trustProxy: true,
    limits: operationLimitsFromEnv(env),
    trustedDocuments: trustedDocumentsModeFromEnv(env, options.production ?? false),
    ...options.gateway,
  });

  return {
    clock,
    database,
    secret,
    gateway,
    subgraphs,
    logs,
    async query(query, variables = {}, opts = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.headers ?? {}) };
      // `as`: a customer's access token, signed with this graph's key as signIn would sign it.
      if (opts.as) headers.authorization = `Bearer ${(await keys.sign({ accountId: opts.as, roles: opts.roles ?? ['customer'] }, clock.now())).token}`;
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: query ?? undefined, variables, operationName: opts.operationName, extensions: opts.extensions }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as any };
    },
    async token(accountId) {
      return (await keys.sign({ accountId, roles: ['customer'] }, clock.now())).token;
    },
    async drain() {
      for (let round = 0; round < 20; round++) {
        let busy = 0;
        for (const name of SUBGRAPH_NAMES) {
          if (stopped.has(name)) continue; // a dead process runs no background work
          const relay = await subgraphs[name].relay.deliverDue();
          const jobs = await subgraphs[name].worker.runDue();
          busy += relay.delivered + relay.failed + jobs.done + jobs.retried + jobs.dead;
        }
        if (busy === 0) return;
      }
      throw new Error('background work did not settle in 20 rounds');
    },
    async stopSubgraph(name) {
      if (stopped.has(name)) return;
      stopped.add(name);
      await subgraphs[name].close();
    },
    async restartSubgraph(name) {
      if (!stopped.has(name)) throw new Error(`${name} is running`);
      if (database.kind === 'sqlite' && database.directory === ':memory:') throw new Error('an in-memory SQLite database does not survive a restart: start the graph with durable: true');
      await start(name, Number(new URL(subgraphs[name].url).port));
      stopped.delete(name);
    },
    sqlCounts() {
      return Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].metrics.sqlStatements])) as Record<SubgraphName, number>;
    },
    async close() {
      await gateway.close();
      for (const name of SUBGRAPH_NAMES) if (!stopped.has(name)) await subgraphs[name].close();
      await dropTestDatabases(database);
      if (sqliteDirectory) fs.rmSync(sqliteDirectory, { recursive: true, force: true });
    },
  };
}
