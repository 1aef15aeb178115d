import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { generateSigningKey } from '../kernel/access-token';
import { SigningKeys } from '../subgraphs/account/sign-in/signing-keys';
import { systemClock } from '../kernel/clock';
import { DEFAULT_DATA_DIR, SUBGRAPHS, SUBGRAPH_NAMES, databaseConfig, type DatabaseConfig, type SubgraphName } from '../kernel/config';
import { databaseName, dropMysqlDatabase, openDatabase } from '../kernel/db';
import { StartupError } from '../kernel/errors';
import { createLogger } from '../kernel/logger';
import { Metrics, readMetric } from '../kernel/metrics';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';
import { clientOperation } from '../test/support/operations';
import { DIST, graphProcesses, isRunning, portIsFree, spawnProcess, stopProcesses, waitReady, type GraphProcess } from '../scripts/graph-processes';
import { measureRefusals, type RefusalReport } from './refusals';
import { seedVolume } from './volume';

/**
 * `npm run bench`: load test of the X1 Dashboard query through the gateway, with the graph
 * running as four processes exactly as `npm start` runs it, on MySQL, against a seeded volume
 * of accounts. Reports throughput, latency, SQL statements per request and where the CPU goes;
 * then sends the attack documents of the security review and reports how long each refusal
 * takes and the gateway's memory after 1,000 of each (bench/refusals.ts).
 *
 *   npm run bench -- [--accounts N] [--duration S] [--concurrency 1,8,32]
 *
 * DATABASE_URL picks the MySQL server (default mysql://root@127.0.0.1:3306). The benchmark only
 * ever uses, drops and recreates databases whose prefix contains "bench" (see `benchDatabaseUrl`).
 */

// ---------------------------------------------------------------------------------------------
// autocannon ships no type declarations; these describe the part of its API used here.

interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before every request is sent; returns the request to send. */
  setupRequest?: (request: LoadRequest, context: object) => LoadRequest;
}

interface LoadOptions {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: LoadRequest[];
  /** A falsy result counts the response in `mismatches`. */
  verifyBody: (body: string) => boolean;
}

interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface LoadResult {
  duration: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: Histogram;
  requests: Histogram & { total: number; sent: number };
}

interface LoadInstance {
  stop(): void;
}

type Autocannon = (options: LoadOptions, done: (error: Error | null, result: LoadResult) => void) => LoadInstance;
const autocannon = require('autocannon') as Autocannon;

// ---------------------------------------------------------------------------------------------
// Configuration.

/** A problem the user can fix: printed as one line, exit code 1. */
class BenchError extends Error {}

interface BenchArgs {
  accounts: number;
  duration: number;
  concurrencies: number[];
}

const USAGE = 'usage: npm run bench -- [--accounts N] [--duration SECONDS] [--concurrency 1,8,32]';
const LICENSES_PER_ACCOUNT = 10;
const ORDERS_PER_ACCOUNT = 10;
const WARMUP = { connections: 8, seconds: 2 };
const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306';
/** Not the `npm start` ports, so the benchmark can run next to a development graph. */
const PORTS = { gateway: 4100, account: 4101, order: 4102, subscription: 4103 } as const;
const HOST = '127.0.0.1';
const OUT_DIR = path.join(DEFAULT_DATA_DIR, 'bench');

function positiveInteger(flag: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || raw === '' || !Number.isInteger(value) || value < 1) {
    throw new BenchError(`${flag} needs a positive whole number, got ${raw === undefined ? 'nothing' : `"${raw}"`}. ${USAGE}`);
  }
  return value;
}

function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { accounts: 1000, duration: 10, concurrencies: [1, 8, 32] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--accounts':
        args.accounts = positiveInteger(flag, value());
        break;
      case '--duration':
        args.duration = positiveInteger(flag, value());
        break;
      case '--concurrency':
        args.concurrencies = (value() ?? '').split(',').map((c) => positiveInteger(flag, c.trim()));
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new BenchError(`Unknown argument "${argv[i]}". ${USAGE}`);
    }
  }
  return args;
}

/**
 * DATABASE_URL with a database name prefix that contains "bench", so that dropping the
 * benchmark's databases can never hit the development ones: no path gives bench_account…,
 * a path that already says bench is kept, any other path P gives P_bench_account….
 */
function benchDatabaseUrl(raw: string | undefined): string {
  const text = raw?.trim() || DEFAULT_DATABASE_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BenchError('DATABASE_URL is not a valid URL: set it like DATABASE_URL=mysql://user:password@host:3306.');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new BenchError(`The benchmark runs on MySQL only: set DATABASE_URL=mysql://user:password@host:3306 (got ${url.protocol}//).`);
  }
  const prefix = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  url.pathname = `/${!prefix ? 'bench' : /bench/i.test(prefix) ? prefix : `${prefix}_bench`}`;
  return url.toString();
}

function mysqlConfig(url: string): Extract<DatabaseConfig, { kind: 'mysql' }> {
  const config = databaseConfig({ DATABASE_URL: url });
  if (config.kind !== 'mysql') throw new BenchError('The benchmark runs on MySQL only: set DATABASE_URL=mysql://user:password@host:3306.');
  return config;
}

/** One line saying why MySQL cannot be used and what to do about it. */
function mysqlProblem(config: Extract<DatabaseConfig, { kind: 'mysql' }>, error: unknown): BenchError {
  const { code, message } = error as { code?: string; message?: string };
  const where = `MySQL at ${config.user}@${config.host}:${config.port}`;
  const hint = 'start MySQL or MariaDB there, or point DATABASE_URL at one (DATABASE_URL=mysql://user:password@host:3306 npm run bench)';
  switch (code) {
    case 'ECONNREFUSED':
      return new BenchError(`${where} is not reachable (connection refused): ${hint}.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new BenchError(`${where}: the host name does not resolve; ${hint}.`);
    case 'ETIMEDOUT':
      return new BenchError(`${where} did not answer in time: ${hint}.`);
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return new BenchError(`${where} rejected the user or password: set the credentials in DATABASE_URL=mysql://user:password@host:3306.`);
    default:
      return new BenchError(`${where} could not be used (${code ?? 'error'}: ${message ?? String(error)}); check DATABASE_URL.`);
  }
}

// ---------------------------------------------------------------------------------------------
// The four processes of the graph.

const services: GraphProcess[] = graphProcesses(PORTS);
const gateway = services[3];
let stopping = false;
/** Set when a process of the graph stops on its own; every wait checks it. */
let graphFailure: BenchError | undefined;
let activeLoad: LoadInstance | undefined;

const baseUrl = (service: GraphProcess) => `http://${HOST}:${service.port}`;

function checkGraph(): void {
  if (graphFailure) throw graphFailure;
}

function launch(service: GraphProcess, env: NodeJS.ProcessEnv, logDir: string): void {
  const child = spawnProcess(service, env, path.join(logDir, `${service.name}.log`), 'keep', false);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    const said = service.stderrTail.trim().split('\n').pop();
    graphFailure = new BenchError(
      `${service.name} stopped (${signal ?? `exit code ${code}`})${said ? `: ${said}` : ''}; see ${path.join(logDir, `${service.name}.log`)}.`,
    );
    activeLoad?.stop();
  });
}

let stopped: Promise<void> | undefined;

/** SIGTERM to every process still running (they close cleanly), SIGKILL after 5 s. */
function stopGraph(): Promise<void> {
  stopping = true;
  activeLoad?.stop();
  stopped ??= stopProcesses(services).then(() => undefined);
  return stopped;
}

// Last resort: whatever way this process ends, no child outlives it.
process.on('exit', () => {
  for (const { child } of services) if (isRunning(child)) child.kill('SIGKILL');
});

// ---------------------------------------------------------------------------------------------
// Measurements.

interface Counters {
  sql: Record<SubgraphName, number>;
  /** process_cpu_seconds_total of each service, by service name. */
  cpu: Record<string, number>;
  gatewayRequests: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function scrape(service: GraphProcess): Promise<string> {
  const response = await fetch(`${baseUrl(service)}/metrics`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new BenchError(`${service.name}: GET /metrics answered ${response.status}.`);
  return response.text();
}

async function readCounters(): Promise<Counters> {
  checkGraph();
  const texts = await Promise.all(services.map(scrape));
  const counters: Counters = { sql: {} as Record<SubgraphName, number>, cpu: {}, gatewayRequests: readMetric(texts[3], 'graphql_requests_total') };
  services.forEach((service, i) => {
    counters.cpu[service.name] = readMetric(texts[i], 'process_cpu_seconds_total');
    if (i < SUBGRAPH_NAMES.length) counters.sql[SUBGRAPH_NAMES[i]] = readMetric(texts[i], 'sql_statements_total');
  });
  return counters;
}

/**
 * When the load generator's time is up it drops the requests still in flight, but the graph
 * finishes them. Waits until the subgraphs' SQL counters stop moving (at most 5 s), so those
 * requests are in the "after" reading on both sides: gateway requests and their SQL and CPU.
 */
async function settle(): Promise<Counters> {
  let previous = await readCounters();
  for (let i = 0; i < 20; i++) {
    await sleep(250);
    const current = await readCounters();
    if (SUBGRAPH_NAMES.every((n) => current.sql[n] === previous.sql[n]) && current.gatewayRequests === previous.gatewayRequests) return current;
    previous = current;
  }
  return previous;
}

/** Busy and total CPU time of the whole machine (all cores), from the kernel's counters. */
function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

interface LoadRun {
  result: LoadResult;
  /** The first response body that held GraphQL errors, if any. */
  badBody?: string;
}

let nextAccount = 0;

/**
 * An access token per seeded account, signed with the key the bench gave the account
 * subgraph (as signIn would sign it), so the load goes through real token verification.
 */
const bearers = new Map<string, string>();
const authorization = (accountId: string) => `Bearer ${bearers.get(accountId)}`;

/** Drives the Dashboard query; every request acts as the next seeded account in turn. */
function fireDashboard(query: string, accountIds: string[], connections: number, seconds: number): Promise<LoadRun> {
  let badBody: string | undefined;
  return new Promise((resolve, reject) => {
    checkGraph();
    activeLoad = autocannon(
      {
        url: `${baseUrl(gateway)}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, operationName: 'Dashboard', variables: {} }),
        connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (request) => {
              request.headers = { ...request.headers, authorization: authorization(accountIds[nextAccount++ % accountIds.length]) };
              return request;
            },
          },
        ],
        // A cheap check of every body (the load generator shares the machine): GraphQL reports
        // failures with status 200 and an "errors" entry.
        verifyBody: (body) => {
          if (!body.includes('"errors"')) return true;
          badBody ??= body;
          return false;
        },
      },
      (error, result) => {
        activeLoad = undefined;
        if (graphFailure) reject(graphFailure);
        else if (error) reject(error);
        else resolve({ result, badBody });
      },
    );
  });
}

/** One Dashboard request checked field by field before the load: the data must be all there. */
async function spotCheck(query: string, accountId: string): Promise<void> {
  const response = await fetch(`${baseUrl(gateway)}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: authorization(accountId) },
    body: JSON.stringify({ query, operationName: 'Dashboard', variables: {} }),
  });
  const text = await response.text();
  let body: { data?: { me?: { id: string; licenses: unknown[]; orders: { edges: unknown[] } } }; errors?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    throw new BenchError(`Spot check: the gateway answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  if (response.status !== 200 || body.errors) {
    throw new BenchError(`Spot check: the Dashboard query failed (status ${response.status}): ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  }
  const me = body.data?.me;
  if (me?.id !== accountId || me.licenses.length !== LICENSES_PER_ACCOUNT || me.orders.edges.length !== ORDERS_PER_ACCOUNT) {
    throw new BenchError(
      `Spot check: expected account ${accountId} with ${LICENSES_PER_ACCOUNT} licenses and ${ORDERS_PER_ACCOUNT} orders, got ${JSON.stringify(me).slice(0, 200)}`,
    );
  }
}

interface ConcurrencyResult {
  concurrency: number;
  seconds: number;
  /** Responses the load generator received. */
  requests: number;
  /** Requests the gateway served, including those still in flight when the load stopped: the divisor of the per-request figures. */
  gatewayRequests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  bodiesWithErrors: number;
  statusCodes: Record<string, number>;
  sqlPerRequest: Record<SubgraphName, number>;
  cpuSeconds: Record<string, number>;
  cpuSharePercent: Record<string, number>;
  cpuMsPerRequest: number;
  benchCpuSeconds: number;
  machineBusyPercent: number;
}

async function measure(query: string, accountIds: string[], concurrency: number, seconds: number): Promise<ConcurrencyResult> {
  const before = await readCounters();
  const benchCpu = process.cpuUsage();
  const machine = machineTimes();
  const { result, badBody } = await fireDashboard(query, accountIds, concurrency, seconds);
  const after = await settle();
  const benchUsed = process.cpuUsage(benchCpu);
  const machineAfter = machineTimes();

  const served = after.gatewayRequests - before.gatewayRequests;
  const cpuSeconds = Object.fromEntries(services.map((s) => [s.name, after.cpu[s.name] - before.cpu[s.name]]));
  const cpuTotal = Object.values(cpuSeconds).reduce((a, b) => a + b, 0);
  if (badBody) console.error(`  concurrency ${concurrency}: a response held errors: ${badBody.slice(0, 300)}`);
  return {
    concurrency,
    seconds: result.duration,
    requests: result.requests.total,
    gatewayRequests: served,
    requestsPerSecond: result.requests.total / result.duration,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, average: result.latency.average },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bodiesWithErrors: result.mismatches,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
    sqlPerRequest: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, (after.sql[n] - before.sql[n]) / Math.max(served, 1)])) as Record<SubgraphName, number>,
    cpuSeconds,
    cpuSharePercent: Object.fromEntries(services.map((s) => [s.name, cpuTotal > 0 ? (100 * cpuSeconds[s.name]) / cpuTotal : 0])),
    cpuMsPerRequest: (1000 * cpuTotal) / Math.max(served, 1),
    benchCpuSeconds: (benchUsed.user + benchUsed.system) / 1e6,
    machineBusyPercent: (100 * (machineAfter.busy - machine.busy)) / Math.max(machineAfter.total - machine.total, 1),
  };
}

// ---------------------------------------------------------------------------------------------
// Output.

function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row: string[]) => '  ' + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(cells[0]), '  ' + widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

function printResults(runs: ConcurrencyResult[]): void {
  console.log('\nThroughput and latency (Dashboard through the gateway)');
  console.log(
    table(
      ['conc', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'GraphQL errors'],
      runs.map((r) => [r.concurrency, thousands(r.requests), fixed(r.requestsPerSecond, 1), r.latencyMs.p50, r.latencyMs.p90, r.latencyMs.p99, r.latencyMs.max, r.non2xx, r.errors, r.bodiesWithErrors]),
    ),
  );
  console.log('\nSQL statements per request');
  console.log(
    table(
      ['conc', ...SUBGRAPH_NAMES, 'total'],
      runs.map((r) => [r.concurrency, ...SUBGRAPH_NAMES.map((n) => fixed(r.sqlPerRequest[n], 2)), fixed(SUBGRAPH_NAMES.reduce((a, n) => a + r.sqlPerRequest[n], 0), 2)]),
    ),
  );
  console.log('\nCPU during the run (share of the four graph processes; bench = this process, which runs the load generator)');
  console.log(
    table(
      ['conc', ...services.map((s) => `${s.name.replace('-subgraph', '')} %`), 'graph CPU ms/req', 'graph CPU s', 'bench CPU s', 'machine busy %'],
      runs.map((r) => [
        r.concurrency,
        ...services.map((s) => fixed(r.cpuSharePercent[s.name], 1)),
        fixed(r.cpuMsPerRequest, 2),
        fixed(Object.values(r.cpuSeconds).reduce((a, b) => a + b, 0), 2),
        fixed(r.benchCpuSeconds, 2),
        fixed(r.machineBusyPercent, 1),
      ]),
    ),
  );
  console.log('\n  Per-request figures divide by the requests the gateway served (it finishes those in flight when the load stops).');
}

function printRefusals(report: RefusalReport): void {
  console.log('\nRefusals of the attack documents (median of 20 sequential requests; gateway CPU per refusal and RSS over 1,000 of each, 8 in flight)');
  console.log(
    table(
      ['attack', 'KB', 'refused as', 'anonymous ms', 'signed in ms', 'gateway CPU ms', 'RSS MiB after'],
      report.attacks.map((a) => [
        a.attack,
        fixed(a.bytes / 1024, 1),
        a.codes.join('+'),
        fixed(a.medianMs.anonymous, 2),
        fixed(a.medianMs.signedIn, 2),
        fixed(a.gatewayCpuMs, 2),
        fixed(a.rssMiBAfter, 0),
      ]),
    ),
  );
  console.log(`  Gateway RSS before the attacks: ${fixed(report.rssMiBBefore, 0)} MiB.`);
}

/** Warnings and errors the four processes logged (LOG_LEVEL=warn: e.g. slow SQL), one line per process. */
function warningsLogged(logDir: string): string[] {
  return services.flatMap((service) => {
    const file = path.join(logDir, `${service.name}.log`);
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    const messages = new Map<string, number>();
    for (const line of lines) {
      let message = line.slice(0, 80);
      try {
        message = String((JSON.parse(line) as { msg?: unknown }).msg ?? message);
      } catch {
        // Not a JSON log line: count it as it is.
      }
      messages.set(message, (messages.get(message) ?? 0) + 1);
    }
    if (!messages.size) return [];
    const counts = [...messages].map(([message, count]) => `${count} x "${message}"`).join(', ');
    return [`${service.name} logged ${lines.length} warning or error lines (${counts}); see ${file}.`];
  });
}

// ---------------------------------------------------------------------------------------------
// The benchmark.

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // Requests carry access tokens of 15 minutes, signed once before the load.
  if (args.duration * args.concurrencies.length + WARMUP.seconds > 13 * 60) {
    throw new BenchError('The load may last 13 minutes in all (access tokens last 15): lower --duration or the number of concurrencies.');
  }
  const url = benchDatabaseUrl(process.env.DATABASE_URL);
  const config = mysqlConfig(url);
  const startedAt = new Date();

  for (const service of services) {
    if (!(await portIsFree(service.port, HOST))) {
      throw new BenchError(`${service.name}: port ${service.port} is already in use (another benchmark running?); stop the program using it.`);
    }
  }
  for (const service of services) {
    if (!fs.existsSync(path.join(DIST, service.script))) throw new BenchError(`${path.join(DIST, service.script)} is missing: run npm run build first (npm run bench does).`);
  }

  // Server version, and a clear line when MySQL is not there.
  let version: string;
  try {
    const connection = await mysql.createConnection({ host: config.host, port: config.port, user: config.user, password: config.password, connectTimeout: 5000 });
    const [rows] = await connection.query('SELECT VERSION() AS version');
    version = String((rows as Array<{ version: string }>)[0].version);
    await connection.end();
  } catch (error) {
    throw mysqlProblem(config, error);
  }

  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    database: version,
  };
  const volume = {
    accounts: args.accounts,
    licensesPerAccount: LICENSES_PER_ACCOUNT,
    ordersPerAccount: ORDERS_PER_ACCOUNT,
    licenses: args.accounts * LICENSES_PER_ACCOUNT,
    orders: args.accounts * ORDERS_PER_ACCOUNT,
  };
  console.log(`X1 benchmark: the Dashboard query through the gateway
  Machine    ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}
  Node       ${machine.node}
  Database   ${version} at ${config.host}:${config.port}, databases ${SUBGRAPH_NAMES.map((n) => databaseName(n, config)).join(', ')}
  Volume     ${thousands(volume.accounts)} accounts x ${LICENSES_PER_ACCOUNT} licenses and ${ORDERS_PER_ACCOUNT} orders (${thousands(volume.licenses)} licenses, ${thousands(volume.orders)} orders)
  Load       ${args.duration} s at each concurrency ${args.concurrencies.join(', ')}, after a ${WARMUP.seconds} s warm-up at ${WARMUP.connections}
`);

  // 1. Fresh databases, migrated and seeded.
  let phase = performance.now();
  for (const name of SUBGRAPH_NAMES) await dropMysqlDatabase(config, databaseName(name, config));
  const log = createLogger('bench', 'error');
  const databases = {} as Record<SubgraphName, DataSource>;
  let accountIds: string[];
  try {
    for (const name of SUBGRAPH_NAMES) {
      const { entities, migrations } = SUBGRAPH_DEFINITIONS[name];
      databases[name] = await openDatabase({ name, config, entities, migrations, metrics: new Metrics(name), log });
    }
    const migrated = performance.now();
    console.log(`Dropped and migrated the three databases in ${fixed((migrated - phase) / 1000, 1)} s.`);
    phase = migrated;
    const spec = { accounts: args.accounts, licenses: LICENSES_PER_ACCOUNT, orders: ORDERS_PER_ACCOUNT, tag: 'bench' };
    accountIds = await seedVolume(databases, spec, systemClock.now());
  } catch (error) {
    throw error instanceof StartupError ? new BenchError(error.message) : error;
  } finally {
    for (const dataSource of Object.values(databases)) if (dataSource.isInitialized) await dataSource.destroy();
  }
  const seedSeconds = (performance.now() - phase) / 1000;
  console.log(`Seeded ${thousands(args.accounts)} accounts in ${fixed(seedSeconds, 1)} s.`);

  // 2. The graph, as `npm start` runs it: three subgraphs, then the gateway.
  phase = performance.now();
  const logDir = path.join(OUT_DIR, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const accessTokenKeys = JSON.stringify({ keys: [await generateSigningKey()] });
  const signingKeys = await SigningKeys.fromEnv({ ACCESS_TOKEN_KEYS: accessTokenKeys });
  for (const accountId of accountIds) {
    bearers.set(accountId, (await signingKeys.sign({ accountId, roles: ['customer'] }, systemClock.now())).token);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST,
    DATABASE_URL: url,
    GATEWAY_SECRET: randomBytes(32).toString('base64url'),
    ACCESS_TOKEN_KEYS: accessTokenKeys,
    CARD_DIGEST_KEY: randomBytes(32).toString('base64url'),
    SEED_DEMO: '0',
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(PORTS.gateway),
    ...Object.fromEntries(
      SUBGRAPH_NAMES.flatMap((n) => [
        [`${SUBGRAPHS[n].envPrefix}_PORT`, String(PORTS[n])],
        [`${SUBGRAPHS[n].envPrefix}_URL`, `http://${HOST}:${PORTS[n]}/graphql`],
      ]),
    ),
  };
  // Not production: that would also ask for SMTP and an SMS gateway, which the load never uses.
  delete env.NODE_ENV;
  const subgraphs = services.slice(0, 3);
  for (const service of subgraphs) launch(service, env, logDir);
  const fail = (message: string) => graphFailure ?? new BenchError(message);
  await Promise.all(subgraphs.map((s) => waitReady(s, HOST, fail)));
  launch(gateway, env, logDir);
  await waitReady(gateway, HOST, fail);
  console.log(`Started the graph (4 processes, logs in ${path.relative(process.cwd(), logDir) || logDir}) in ${fixed((performance.now() - phase) / 1000, 1)} s.`);

  // 3. Check one answer in full, warm up, then measure each concurrency.
  const query = clientOperation('Dashboard');
  await spotCheck(query, accountIds[0]);
  await spotCheck(query, accountIds[accountIds.length - 1]);
  console.log(`Warming up (${WARMUP.seconds} s at concurrency ${WARMUP.connections})...`);
  const warmup = await fireDashboard(query, accountIds, WARMUP.connections, WARMUP.seconds);
  if (warmup.badBody) throw new BenchError(`Warm-up: a response held errors: ${warmup.badBody.slice(0, 300)}`);
  if (warmup.result.non2xx || warmup.result.errors) {
    throw new BenchError(`Warm-up: ${warmup.result.non2xx} non-2xx responses and ${warmup.result.errors} connection errors (status codes ${JSON.stringify(warmup.result.statusCodeStats)}); see ${logDir}.`);
  }
  // Let the warm-up's last requests finish, so that they are not counted in the first run.
  await settle();
  const runs: ConcurrencyResult[] = [];
  for (const concurrency of args.concurrencies) {
    console.log(`Measuring concurrency ${concurrency} for ${args.duration} s...`);
    runs.push(await measure(query, accountIds, concurrency, args.duration));
  }
  await spotCheck(query, accountIds[Math.floor(accountIds.length / 2)]);
  console.log(`Sending the attack documents of the security review...`);
  const refusals = await measureRefusals({
    graphqlUrl: `${baseUrl(gateway)}/graphql`,
    metricsUrl: `${baseUrl(gateway)}/metrics`,
    authorization: authorization(accountIds[0]),
  });
  // The gateway still serves after them.
  await spotCheck(query, accountIds[0]);

  printResults(runs);
  printRefusals(refusals);
  const logNotes = warningsLogged(logDir);
  for (const note of logNotes) console.log(`  Note: ${note}`);
  const file = path.join(OUT_DIR, `x1-${startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        benchmark: 'x1-dashboard',
        startedAt: startedAt.toISOString(),
        args,
        warmup: WARMUP,
        machine,
        volume: { ...volume, seedSeconds },
        runs,
        refusals,
        logNotes,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`  Results written to ${path.relative(process.cwd(), file) || file}`);

  const failed = runs.filter((r) => r.non2xx || r.errors || r.bodiesWithErrors);
  if (failed.length) {
    console.error(`\nFailed: concurrency ${failed.map((r) => r.concurrency).join(', ')} had non-2xx responses, connection errors or GraphQL errors; see ${logDir}.`);
    return 1;
  }
  return 0;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C does not wait: the exit handler kills what is left.
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\nInterrupted: stopping the graph.`);
    void stopGraph().finally(() => process.exit(130));
  });
}

main().then(
  (code) => {
    // After Ctrl-C the signal handler owns the exit (code 130).
    if (!interrupted) void stopGraph().then(() => process.exit(code));
  },
  (error: Error) => {
    if (interrupted) return;
    const known = error instanceof BenchError || error instanceof StartupError;
    console.error(known ? error.message : `The benchmark failed: ${error?.message ?? String(error)}`);
    void stopGraph().then(() => process.exit(1));
  },
);
