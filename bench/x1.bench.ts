import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { generateSigningKey } from '../kernel/access-token';
import { SigningKeys } from '../subgraphs/account/sign-in/signing-keys';
import { systemClock } from '../kernel/clock';
import { DEFAULT_DATA_DIR, SUBGRAPH_NAMES, databaseConfig, type DatabaseConfig, type SubgraphName } from '../kernel/config';
import { databaseName, dropMysqlDatabase, openDatabase } from '../kernel/db';
import { StartupError } from '../kernel/errors';
import { createLogger } from '../kernel/logger';
import { Metrics, readMetric } from '../kernel/metrics';
import { PROJECT_ROOT } from '../kernel/paths';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';
import { clientOperation } from '../test/support/operations';
import { DIST, graphProcesses, isRunning, portIsFree, portsEnv, spawnProcess, stopProcesses, waitReady, type GraphProcess } from '../scripts/graph-processes';
import { measureRefusals, type RefusalReport } from './refusals';
import { seedVolume } from './volume';

/**
 * `npm run bench`: load test of the X1 Dashboard query through the gateway, with the graph
 * running as four processes exactly as `npm start` runs it, on MySQL, against a seeded volume
 * of accounts. Reports throughput, latency, SQL statements per request and where the CPU goes;
 * then sends the attack documents of the security review and reports how long each refusal
 * takes and the gateway's memory after 1,000 of each (bench/refusals.ts).
 *
 *   npm run bench -- [--accounts N] [--licenses N] [--orders N] [--duration S] [--concurrency 1,8,32]
 *                    [--port-base P] [--baseline DIR] [--baseline-production] [--rounds R]
 *                    [--peers replay,hive,hive-rust|none] [--development]
 *
 * `--licenses` and `--orders` are per account (10 each by default). The graph and the peers run
 * with NODE_ENV=production (graphql-js without its development checks), as deployed;
 * `--development` runs them as before. A baseline runs as its own bench ran it (development)
 * unless `--baseline-production`.
 *
 * `--peers` measures, interleaved with the graph(s) on the same subgraphs and data: `replay`, the
 * floor (bench/replay.ts: the gateway's subgraph requests sent and merged, nothing more), and
 * Hive Gateway with its JavaScript (`hive`) and Rust (`hive-rust`) query planners
 * (bench/peers/hive.mjs, installed with `npm ci --prefix bench/peers`; skipped with a note when
 * not installed). CPU per request is each process's own CPU time (/proc), divided by requests.
 *
 * DATABASE_URL picks the MySQL server (default mysql://root@127.0.0.1:3306). The benchmark only
 * ever uses, drops and recreates databases whose prefix contains "bench" (see `benchDatabaseUrl`).
 *
 * `--baseline DIR` compares with another build of the graph (a checkout of another commit,
 * with its node_modules, built with `npm run build`): both graphs run side by side on the same
 * databases, and every concurrency is measured on each in turn (`--rounds` times, the order
 * alternating), so that both meet the same machine. At the end each gateway is stopped with
 * SIGTERM under load, to measure how long it drains and whether any request fails.
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
  /** Licenses and orders of each account. */
  licenses: number;
  orders: number;
  /** Peers measured beside the graph(s). */
  peers: PeerKind[];
  /** NODE_ENV=production for this checkout's graph and the peers. */
  production: boolean;
  baselineProduction: boolean;
  /** Only the load: no attack documents, response sizes or drain. */
  loadOnly: boolean;
  duration: number;
  concurrencies: number[];
  /** Public ports P…P+3, internal ports P+4…P+7; a baseline graph's P+10…P+17. */
  portBase: number;
  /** Root of another build to compare with. */
  baseline?: string;
  rounds: number;
}

const USAGE =
  'usage: npm run bench -- [--accounts N] [--licenses N] [--orders N] [--duration SECONDS] [--concurrency 1,8,32] [--port-base 4100] [--baseline DIR] [--baseline-production] [--rounds R] [--peers replay,hive,hive-rust|none] [--development] [--load-only]';
type PeerKind = 'replay' | 'hive' | 'hive-rust';
const PEER_KINDS: PeerKind[] = ['replay', 'hive', 'hive-rust'];
/** Set from the flags: what each seeded account holds. */
let LICENSES_PER_ACCOUNT = 10;
let ORDERS_PER_ACCOUNT = 10;
/**
 * What one license (with its term and installation) and one order (with its item, invoice and
 * every fifth a refund) take in InnoDB, data and indexes, as measured at 100,000 accounts.
 */
const BYTES_PER_LICENSE = 1_850;
const BYTES_PER_ORDER = 2_200;
const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 ? 2 : 1)} GiB`;
/** The Dashboard's default page of orders. */
const ORDERS_PAGE = 10;
const WARMUP = { connections: 8, seconds: 2 };
const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306';
/** Not the `npm start` ports, so the benchmark can run next to a development graph. */
const DEFAULT_PORT_BASE = 4100;
/** A machine shared with other builds may take minutes to start a process. */
const START_TIMEOUT_MS = 300_000;
/** Accounts whose tokens the load rotates over. */
const TOKEN_ACCOUNTS = 50;
/** SIGTERM with load: readiness is 503 this long before the listener closes (a balancer's polling period). */
const DRAIN = { connections: 32, loadSecondsBeforeSignal: 2, shutdownDelayMs: 1000, balancerPollMs: 100 };
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
  const args: BenchArgs = {
    accounts: 1000,
    licenses: 10,
    orders: 10,
    peers: [],
    production: true,
    baselineProduction: false,
    loadOnly: false,
    duration: 10,
    concurrencies: [1, 8, 32],
    portBase: DEFAULT_PORT_BASE,
    rounds: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--accounts':
        args.accounts = positiveInteger(flag, value());
        break;
      case '--licenses':
        args.licenses = positiveInteger(flag, value());
        break;
      case '--orders':
        args.orders = positiveInteger(flag, value());
        break;
      case '--peers': {
        const list = (value() ?? '').split(',').map((p) => p.trim());
        if (list.length === 1 && list[0] === 'none') args.peers = [];
        else {
          for (const peer of list) if (!(PEER_KINDS as string[]).includes(peer)) throw new BenchError(`--peers takes ${PEER_KINDS.join(', ')} or none, got "${peer}". ${USAGE}`);
          args.peers = list as PeerKind[];
        }
        break;
      }
      case '--development':
        args.production = false;
        break;
      case '--baseline-production':
        args.baselineProduction = true;
        break;
      case '--load-only':
        args.loadOnly = true;
        break;
      case '--duration':
        args.duration = positiveInteger(flag, value());
        break;
      case '--concurrency':
        args.concurrencies = (value() ?? '').split(',').map((c) => positiveInteger(flag, c.trim()));
        break;
      case '--port-base':
        args.portBase = positiveInteger(flag, value());
        if (args.portBase > 65_500) throw new BenchError(`--port-base must leave room for 24 ports below 65536. ${USAGE}`);
        break;
      case '--baseline': {
        const dir = value();
        if (!dir) throw new BenchError(`--baseline needs the directory of another build. ${USAGE}`);
        args.baseline = path.resolve(dir);
        break;
      }
      case '--rounds':
        args.rounds = positiveInteger(flag, value());
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new BenchError(`Unknown argument "${argv[i]}". ${USAGE}`);
    }
  }
  // Alternating rounds only make sense with something to alternate with.
  args.rounds ||= args.baseline ? 2 : 1;
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

/**
 * What the load is sent to. A graph of four processes (this checkout's, or the baseline build it
 * is compared with), or a peer: one front process on the current graph's three subgraphs. Its
 * `services` are the processes whose CPU counts for it: the subgraphs, then the front.
 */
interface Graph {
  label: string;
  kind: 'graph' | 'peer';
  services: GraphProcess[];
  gateway: GraphProcess;
  /** The environment its processes get on top of the common one (ports, URLs). */
  env: Record<string, string>;
}

function makeGraph(label: 'current' | 'baseline', portBase: number, dist?: string): Graph {
  const ports = { gateway: portBase, account: portBase + 1, order: portBase + 2, subscription: portBase + 3 };
  const internalPorts = { gateway: portBase + 4, account: portBase + 5, order: portBase + 6, subscription: portBase + 7 };
  const services = graphProcesses(ports, internalPorts).map((s) => ({ ...s, dist, name: label === 'current' ? s.name : `${label}-${s.name}` }));
  return { label, kind: 'graph', services, gateway: services[3], env: portsEnv(ports, internalPorts, HOST) };
}

/** A peer on the current graph's subgraphs: the replay (dist/) or Hive Gateway (bench/peers/). */
function makePeer(kind: PeerKind, current: Graph, port: number): Graph {
  const front: GraphProcess = {
    name: kind,
    script: kind === 'replay' ? 'bench/replay.js' : 'bench/peers/hive.mjs',
    dist: kind === 'replay' ? DIST : PROJECT_ROOT,
    port,
    portVariable: 'PEER_PORT',
    internalPort: port,
    internalPortVariable: 'PEER_PORT',
    stderrTail: '',
  };
  const url = (s: GraphProcess) => `${baseUrl(s)}/graphql`;
  const [account, order, subscription] = current.services;
  return {
    label: kind,
    kind: 'peer',
    services: [...current.services.slice(0, 3), front],
    gateway: front,
    env: { PEER_PORT: String(port), ACCOUNT_URL: url(account), ORDER_URL: url(order), SUBSCRIPTION_URL: url(subscription), ...(kind === 'hive-rust' ? { HIVE_PLANNER: 'rust' } : {}) },
  };
}

const PEERS_INSTALLED = () => fs.existsSync(path.join(PROJECT_ROOT, 'bench/peers/node_modules/@graphql-hive/gateway-runtime'));

const graphs: Graph[] = [];
const allServices = () => [...new Set(graphs.flatMap((g) => g.services))];
let stopping = false;
/** Set when a process of a graph stops on its own; every wait checks it. */
let graphFailure: BenchError | undefined;
let activeLoad: LoadInstance | undefined;

const baseUrl = (service: GraphProcess) => `http://${HOST}:${service.port}`;
/** A process's part in its graph, the same in every graph: account-subgraph … gateway (a peer's front is its gateway). */
const role = (service: GraphProcess) => (SUBGRAPH_NAMES.some((n) => service.name.endsWith(`${n}-subgraph`)) ? service.name.replace(/^baseline-/, '') : 'gateway');
const ROLES = [...SUBGRAPH_NAMES.map((n) => `${n}-subgraph`), 'gateway'];
const internalUrl = (service: GraphProcess) => `http://${HOST}:${service.internalPort}`;

function checkGraph(): void {
  if (graphFailure) throw graphFailure;
}

function launch(service: GraphProcess, env: NodeJS.ProcessEnv, logDir: string): void {
  const child = spawnProcess(service, env, path.join(logDir, `${service.name}.log`), 'keep', false);
  child.once('exit', (code, signal) => {
    if (stopping || stoppedOnPurpose.has(service)) return;
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
  stopped ??= stopProcesses(allServices(), DRAIN.shutdownDelayMs + 10_000).then(() => undefined);
  return stopped;
}

// Last resort: whatever way this process ends, no child outlives it.
process.on('exit', () => {
  for (const { child } of allServices()) if (isRunning(child)) child.kill('SIGKILL');
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

/**
 * /metrics on the internal port; a baseline build from before the internal port existed
 * serves it on the public one.
 */
async function scrape(service: GraphProcess): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${internalUrl(service)}/metrics`, { signal: AbortSignal.timeout(60_000) });
  } catch {
    response = await fetch(`${baseUrl(service)}/metrics`, { signal: AbortSignal.timeout(5000) });
  }
  if (!response.ok) throw new BenchError(`${service.name}: GET /metrics answered ${response.status}.`);
  return response.text();
}

/** GraphQL requests the gateway served: the histogram's count, or the counter of older builds. */
function gatewayRequests(text: string): number {
  try {
    return readMetric(text, 'graphql_request_duration_seconds_count');
  } catch {
    return readMetric(text, 'graphql_requests_total');
  }
}

/** CPU seconds (user + system) a child process has used, from the kernel's own accounting. */
const CLOCK_TICKS = 100;
function processCpuSeconds(service: GraphProcess): number {
  const stat = fs.readFileSync(`/proc/${service.child!.pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

async function readCounters(graph: Graph): Promise<Counters> {
  checkGraph();
  const { services } = graph;
  // SQL from the subgraphs' metrics; a peer's front has none (its requests are the load generator's count).
  const scraped = graph.kind === 'graph' ? services : services.slice(0, SUBGRAPH_NAMES.length);
  const texts = await Promise.all(scraped.map(scrape));
  // A peer has no metrics: each Dashboard it serves makes exactly one request to the account
  // subgraph (me), whose count then stands for it, the requests still in flight at the end included.
  const counters: Counters = { sql: {} as Record<SubgraphName, number>, cpu: {}, gatewayRequests: gatewayRequests(texts[graph.kind === 'graph' ? 3 : 0]) };
  services.forEach((service, i) => {
    counters.cpu[service.name] = processCpuSeconds(service);
    if (i < SUBGRAPH_NAMES.length) counters.sql[SUBGRAPH_NAMES[i]] = readMetric(texts[i], 'sql_statements_total');
  });
  return counters;
}

/**
 * When the load generator's time is up it drops the requests still in flight, but the graph
 * finishes them. Waits until the subgraphs' SQL counters stop moving (at most 5 s), so those
 * requests are in the "after" reading on both sides: gateway requests and their SQL and CPU.
 */
async function settle(graph: Graph): Promise<Counters> {
  let previous = await readCounters(graph);
  for (let i = 0; i < 20; i++) {
    await sleep(250);
    const current = await readCounters(graph);
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
function fireDashboard(graph: Graph, query: string, accountIds: string[], connections: number, seconds: number): Promise<LoadRun> {
  let badBody: string | undefined;
  return new Promise((resolve, reject) => {
    checkGraph();
    activeLoad = autocannon(
      {
        url: `${baseUrl(graph.gateway)}/graphql`,
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
async function spotCheck(graph: Graph, query: string, accountId: string): Promise<void> {
  const response = await fetch(`${baseUrl(graph.gateway)}/graphql`, {
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
    throw new BenchError(`Spot check (${graph.label}): the Dashboard query failed (status ${response.status}): ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  }
  const me = body.data?.me;
  const orders = Math.min(ORDERS_PER_ACCOUNT, ORDERS_PAGE);
  if (me?.id !== accountId || me.licenses.length !== LICENSES_PER_ACCOUNT || me.orders.edges.length !== orders) {
    throw new BenchError(
      `Spot check (${graph.label}): expected account ${accountId} with ${LICENSES_PER_ACCOUNT} licenses and ${orders} orders, got ${JSON.stringify(me).slice(0, 200)}`,
    );
  }
  // Every peer must answer what the gateway answers: the same names and numbers.
  const licensed = me.licenses as Array<{ product: { name?: string } | null; order: { number?: string } | null }>;
  if (licensed.some((l) => !l.product?.name || (l.order !== null && !l.order.number))) {
    throw new BenchError(`Spot check (${graph.label}): a license lacks its product name or order number: ${JSON.stringify(licensed[0]).slice(0, 200)}`);
  }
}

interface ConcurrencyResult {
  graph: string;
  kind: Graph['kind'];
  round: number;
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

async function measure(graph: Graph, round: number, query: string, accountIds: string[], concurrency: number, seconds: number): Promise<ConcurrencyResult> {
  const { services } = graph;
  const before = await readCounters(graph);
  const benchCpu = process.cpuUsage();
  const machine = machineTimes();
  const { result, badBody } = await fireDashboard(graph, query, accountIds, concurrency, seconds);
  const after = await settle(graph);
  const benchUsed = process.cpuUsage(benchCpu);
  const machineAfter = machineTimes();

  const served = after.gatewayRequests - before.gatewayRequests;
  const cpuSeconds = Object.fromEntries(services.map((s) => [role(s), after.cpu[s.name] - before.cpu[s.name]]));
  const cpuTotal = Object.values(cpuSeconds).reduce((a, b) => a + b, 0);
  if (badBody) console.error(`  ${graph.label}, concurrency ${concurrency}: a response held errors: ${badBody.slice(0, 300)}`);
  return {
    graph: graph.label,
    kind: graph.kind,
    round,
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
    cpuSharePercent: Object.fromEntries(services.map((s) => [role(s), cpuTotal > 0 ? (100 * cpuSeconds[role(s)]) / cpuTotal : 0])),
    cpuMsPerRequest: (1000 * cpuTotal) / Math.max(served, 1),
    benchCpuSeconds: (benchUsed.user + benchUsed.system) / 1e6,
    machineBusyPercent: (100 * (machineAfter.busy - machine.busy)) / Math.max(machineAfter.total - machine.total, 1),
  };
}

/** A peer is ready once it answers the Dashboard in full. */
async function peerReady(peer: Graph, accountId: string): Promise<void> {
  const query = clientOperation('Dashboard');
  const deadline = performance.now() + START_TIMEOUT_MS;
  for (;;) {
    checkGraph();
    try {
      return await spotCheck(peer, query, accountId);
    } catch (error) {
      if (performance.now() > deadline) throw error instanceof BenchError ? error : new BenchError(`${peer.label} did not answer in time: ${(error as Error).message}`);
      await sleep(300);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Response size and drain.

interface ResponseSizes {
  /** Bytes of the Dashboard response body as sent, by the encoding the client accepted. */
  identity: number;
  gzip: { bytes: number; encoding: string };
  br: { bytes: number; encoding: string };
}

/** One Dashboard request with the given accept-encoding: bytes on the wire and the encoding used. */
function rawResponse(graph: Graph, query: string, accountId: string, acceptEncoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: HOST,
        port: graph.gateway.port,
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: authorization(accountId), 'accept-encoding': acceptEncoding },
      },
      (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => resolve({ bytes, encoding: String(response.headers['content-encoding'] ?? 'identity') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify({ query, operationName: 'Dashboard', variables: {} }));
  });
}

async function responseSizes(graph: Graph, query: string, accountId: string): Promise<ResponseSizes> {
  return {
    identity: (await rawResponse(graph, query, accountId, 'identity')).bytes,
    gzip: await rawResponse(graph, query, accountId, 'gzip'),
    br: await rawResponse(graph, query, accountId, 'br'),
  };
}

function printSizes(sizes: Record<string, ResponseSizes>): void {
  console.log(`\nDashboard response size (one account: ${LICENSES_PER_ACCOUNT} licenses, ${ORDERS_PER_ACCOUNT} orders)`);
  console.log(
    table(
      ['graph', 'uncompressed B', 'accept gzip B', 'accept br B'],
      Object.entries(sizes).map(([label, s]) => [label, thousands(s.identity), `${thousands(s.gzip.bytes)} (${s.gzip.encoding})`, `${thousands(s.br.bytes)} (${s.br.encoding})`]),
    ),
  );
}

interface DrainResult {
  /** Requests the gateway had in flight when it got SIGTERM. */
  inFlightAtSignal: number;
  /** From SIGTERM until the balancer saw readiness fail (503 or refused). */
  notReadyAfterMs: number | null;
  /** From SIGTERM until the process exited. */
  exitedAfterMs: number;
  /** Requests sent from SIGTERM until the balancer stopped sending (it polls readiness). */
  sentAfterSignal: number;
  ok: number;
  /** Reset connections, 5xx, bodies with errors: requests a client saw fail. */
  failed: number;
  /** Connections refused (the listener was closed): never accepted, a balancer retries them elsewhere. */
  refused: number;
  failures: string[];
}

/** Processes that the benchmark stops on purpose before the end (their exit is no failure). */
const stoppedOnPurpose = new Set<GraphProcess>();

/**
 * A deploy's stop under load: clients keep sending Dashboard requests over keep-alive
 * connections, as a load balancer would, until the balancer (polling /health/ready every
 * 100 ms) sees the gateway is no longer ready; SIGTERM arrives after 2 s of load. Measures how
 * long the gateway takes to exit and whether any request failed.
 */
async function measureDrain(graph: Graph, query: string, accountIds: string[]): Promise<DrainResult> {
  const { gateway } = graph;
  const agent = new http.Agent({ keepAlive: true, maxSockets: DRAIN.connections });
  const body = JSON.stringify({ query, operationName: 'Dashboard', variables: {} });
  const result: DrainResult = { inFlightAtSignal: 0, notReadyAfterMs: null, exitedAfterMs: 0, sentAfterSignal: 0, ok: 0, failed: 0, refused: 0, failures: [] };
  let sending = true;
  let inFlight = 0;
  let signalAt: number | undefined;
  let account = 0;

  const post = () =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        {
          host: HOST,
          port: gateway.port,
          path: '/graphql',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', authorization: authorization(accountIds[account++ % accountIds.length]) },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const fail = (what: string) => {
    result.failed += 1;
    if (result.failures.length < 3) result.failures.push(what.slice(0, 160));
  };
  const worker = async () => {
    while (sending) {
      inFlight += 1;
      if (signalAt !== undefined) result.sentAfterSignal += 1;
      try {
        const response = await post();
        if (response.status === 200 && !response.text.includes('"errors"')) result.ok += 1;
        else fail(`${response.status} ${response.text}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') result.refused += 1;
        else fail((error as Error).message);
      } finally {
        inFlight -= 1;
      }
    }
  };
  const balancer = async () => {
    while (sending) {
      await sleep(DRAIN.balancerPollMs);
      const ready = await fetch(`${baseUrl(gateway)}/health/ready`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready && signalAt !== undefined) {
        result.notReadyAfterMs = Math.round(performance.now() - signalAt);
        sending = false;
      }
    }
  };

  const load = Promise.all([...Array.from({ length: DRAIN.connections }, worker), balancer()]);
  await sleep(DRAIN.loadSecondsBeforeSignal * 1000);
  const child = gateway.child!;
  stoppedOnPurpose.add(gateway);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalAt = performance.now();
  result.inFlightAtSignal = inFlight;
  child.kill('SIGTERM');
  const safety = setTimeout(() => (sending = false), 60_000);
  await exited;
  result.exitedAfterMs = Math.round(performance.now() - signalAt);
  await load;
  clearTimeout(safety);
  agent.destroy();
  return result;
}

function printDrains(drains: Record<string, DrainResult>): void {
  console.log(`\nSIGTERM to the gateway under load (concurrency ${DRAIN.connections}; SHUTDOWN_DELAY_MS=${DRAIN.shutdownDelayMs}; the balancer polls readiness every ${DRAIN.balancerPollMs} ms)`);
  console.log(
    table(
      ['graph', 'in flight', 'not ready after ms', 'exited after ms', 'sent after SIGTERM', 'ok', 'failed', 'refused'],
      Object.entries(drains).map(([label, d]) => [label, d.inFlightAtSignal, d.notReadyAfterMs ?? '-', d.exitedAfterMs, d.sentAfterSignal, d.ok, d.failed, d.refused]),
    ),
  );
  for (const [label, d] of Object.entries(drains)) for (const failure of d.failures) console.log(`  ${label} failure: ${failure}`);
  console.log('  Refused: connections the closed listener never accepted (a balancer retries those on another instance).');
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
  // With a baseline, each row says which graph and round it measured.
  const compared = runs.some((r) => r.graph === 'baseline');
  const rowHead = compared ? ['graph', 'round', 'conc'] : ['conc'];
  const head = (r: ConcurrencyResult) => (compared ? [r.graph, r.round, r.concurrency] : [r.concurrency]);
  console.log('\nThroughput and latency (Dashboard through the gateway)');
  console.log(
    table(
      [...rowHead, 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'GraphQL errors'],
      runs.map((r) => [...head(r), thousands(r.requests), fixed(r.requestsPerSecond, 1), r.latencyMs.p50, r.latencyMs.p90, r.latencyMs.p99, r.latencyMs.max, r.non2xx, r.errors, r.bodiesWithErrors]),
    ),
  );
  console.log('\nSQL statements per request');
  console.log(
    table(
      [...rowHead, ...SUBGRAPH_NAMES, 'total'],
      runs.map((r) => [...head(r), ...SUBGRAPH_NAMES.map((n) => fixed(r.sqlPerRequest[n], 2)), fixed(SUBGRAPH_NAMES.reduce((a, n) => a + r.sqlPerRequest[n], 0), 2)]),
    ),
  );
  console.log('\nCPU during the run (share of the four graph processes; bench = this process, which runs the load generator)');
  console.log(
    table(
      [...rowHead, ...ROLES.map((s) => `${s.replace('-subgraph', '')} %`), 'graph CPU ms/req', 'graph CPU s', 'bench CPU s', 'machine busy %'],
      runs.map((r) => [
        ...head(r),
        ...ROLES.map((s) => fixed(r.cpuSharePercent[s], 1)),
        fixed(r.cpuMsPerRequest, 2),
        fixed(Object.values(r.cpuSeconds).reduce((a, b) => a + b, 0), 2),
        fixed(r.benchCpuSeconds, 2),
        fixed(r.machineBusyPercent, 1),
      ]),
    ),
  );
  console.log('\n  Per-request figures divide by the requests the gateway served (it finishes those in flight when the load stops).');
  if (compared) printComparison(runs);
}

/**
 * Everything measured, side by side at each concurrency (means over the rounds): CPU ms per
 * request of the front process (the gateway, the replay or the peer) and of the subgraphs, and
 * the ratios to the replay's front (the floor) and to the baseline's total.
 */
function printPeers(runs: ConcurrencyResult[]): void {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
  const labels = [...new Set(runs.map((r) => r.graph))];
  const concurrencies = [...new Set(runs.map((r) => r.concurrency))];
  const perRequest = (r: ConcurrencyResult, roles: string[]) => (1000 * roles.reduce((a, s) => a + (r.cpuSeconds[s] ?? 0), 0)) / Math.max(r.gatewayRequests, 1);
  const subgraphRoles = SUBGRAPH_NAMES.map((n) => `${n}-subgraph`);
  console.log('\nSide by side (mean of the rounds; CPU ms per request from each process\'s own CPU time; the subgraphs are shared by current and the peers)');
  const rows: Array<Array<string | number>> = [];
  for (const c of concurrencies) {
    const of = (label: string) => runs.filter((r) => r.graph === label && r.concurrency === c);
    const front = (label: string) => mean(of(label).map((r) => perRequest(r, ['gateway'])));
    const total = (label: string) => mean(of(label).map((r) => perRequest(r, ['gateway', ...subgraphRoles])));
    for (const label of labels) {
      const measured = of(label);
      if (!measured.length) continue;
      rows.push([
        c,
        label,
        fixed(mean(measured.map((r) => r.requestsPerSecond)), 1),
        fixed(mean(measured.map((r) => r.latencyMs.p50)), 1),
        fixed(mean(measured.map((r) => r.latencyMs.p99)), 1),
        fixed(front(label), 2),
        ...SUBGRAPH_NAMES.map((n) => fixed(mean(measured.map((r) => perRequest(r, [`${n}-subgraph`]))), 2)),
        fixed(total(label), 2),
        of('replay').length ? fixed(front(label) / front('replay'), 2) : '-',
        of('baseline').length ? fixed(total(label) / total('baseline'), 2) : '-',
      ]);
    }
  }
  console.log(
    table(['conc', 'measured', 'req/s', 'p50 ms', 'p99 ms', 'front CPU ms', ...SUBGRAPH_NAMES.map((n) => `${n} ms`), 'all CPU ms', 'front ÷ replay', 'all ÷ baseline'], rows),
  );
  console.log('  front: the process the load goes to (the gateway, the replay, Hive Gateway). The machine is shared: compare ratios within one run.');
}

/** Baseline against current at each concurrency: the mean over the alternating rounds. */
function printComparison(runs: ConcurrencyResult[]): void {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
  const of = (graph: Graph['label'], concurrency: number) => runs.filter((r) => r.graph === graph && r.concurrency === concurrency);
  const concurrencies = [...new Set(runs.map((r) => r.concurrency))];
  console.log('\nBaseline against current (mean of the rounds; change in req/s, positive is faster)');
  console.log(
    table(
      ['conc', 'baseline req/s', 'current req/s', 'change %', 'baseline p50/p99 ms', 'current p50/p99 ms', 'baseline CPU ms/req', 'current CPU ms/req'],
      concurrencies.map((c) => {
        const [b, n] = [of('baseline', c), of('current', c)];
        const [brps, nrps] = [mean(b.map((r) => r.requestsPerSecond)), mean(n.map((r) => r.requestsPerSecond))];
        return [
          c,
          fixed(brps, 1),
          fixed(nrps, 1),
          fixed((100 * (nrps - brps)) / brps, 1),
          `${fixed(mean(b.map((r) => r.latencyMs.p50)), 1)}/${fixed(mean(b.map((r) => r.latencyMs.p99)), 1)}`,
          `${fixed(mean(n.map((r) => r.latencyMs.p50)), 1)}/${fixed(mean(n.map((r) => r.latencyMs.p99)), 1)}`,
          fixed(mean(b.map((r) => r.cpuMsPerRequest)), 2),
          fixed(mean(n.map((r) => r.cpuMsPerRequest)), 2),
        ];
      }),
    ),
  );
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

/** The run's figures as JSON in .data/bench/, named by its start time. */
function writeResults(results: { startedAt: string } & Record<string, unknown>): void {
  const file = path.join(OUT_DIR, `x1-${results.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`  Results written to ${path.relative(process.cwd(), file) || file}`);
}

/** Warnings and errors the four processes logged (LOG_LEVEL=warn: e.g. slow SQL), one line per process. */
function warningsLogged(logDir: string): string[] {
  return allServices().flatMap((service) => {
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
  LICENSES_PER_ACCOUNT = args.licenses;
  ORDERS_PER_ACCOUNT = args.orders;
  const current = makeGraph('current', args.portBase);
  graphs.push(current);
  if (args.baseline) graphs.unshift(makeGraph('baseline', args.portBase + 10, path.join(args.baseline, 'dist')));
  const peerKinds = args.peers.filter((kind) => kind === 'replay' || PEERS_INSTALLED());
  if (peerKinds.length < args.peers.length) {
    console.log('Note: Hive Gateway is not installed in bench/peers: run `npm ci --prefix bench/peers` to measure it; measuring without it.');
  }
  peerKinds.forEach((kind, i) => graphs.push(makePeer(kind, current, args.portBase + 20 + i)));
  // Requests carry access tokens of 15 minutes, signed once before the load.
  if (args.duration * args.concurrencies.length * args.rounds * graphs.length + WARMUP.seconds * graphs.length > 13 * 60) {
    throw new BenchError('The load may last 13 minutes in all (access tokens last 15): lower --duration, --rounds or the number of concurrencies.');
  }
  const url = benchDatabaseUrl(process.env.DATABASE_URL);
  const config = mysqlConfig(url);
  const startedAt = new Date();

  for (const service of allServices()) {
    for (const [port, flag] of [[service.port, 'public'], [service.internalPort, 'internal']] as const) {
      if (!(await portIsFree(port, HOST))) {
        throw new BenchError(`${service.name}: ${flag} port ${port} is already in use (another benchmark running?); stop the program using it or choose other ports with --port-base.`);
      }
    }
  }
  for (const service of allServices()) {
    const script = path.join(service.dist ?? DIST, service.script);
    if (!fs.existsSync(script)) throw new BenchError(`${script} is missing: run npm run build first${service.dist ? ' in the baseline' : ' (npm run bench does)'}.`);
  }

  // Server version and buffer pool, and a clear line when MySQL is not there.
  let version: string;
  let bufferPool: number;
  try {
    const connection = await mysql.createConnection({ host: config.host, port: config.port, user: config.user, password: config.password, connectTimeout: 5000 });
    const [rows] = await connection.query('SELECT VERSION() AS version, @@innodb_buffer_pool_size AS pool');
    version = String((rows as Array<{ version: string }>)[0].version);
    bufferPool = Number((rows as Array<{ pool: number }>)[0].pool);
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
  Load       ${args.duration} s at each concurrency ${args.concurrencies.join(', ')}, after a ${WARMUP.seconds} s warm-up at ${WARMUP.connections}; tokens of ${TOKEN_ACCOUNTS} accounts in turn
  Mode       NODE_ENV=${args.production ? 'production' : 'development'}${args.baseline ? ` (baseline: ${args.baselineProduction ? 'production' : 'development'})` : ''}${
    args.baseline ? `\n  Baseline   ${args.baseline}` : ''
  }${graphs.length > 1 ? `\n  Measured   ${graphs.map((g) => g.label).join(', ')}: ${args.rounds} rounds per concurrency, in turn, the order alternating` : ''}
`);

  // A volume larger than InnoDB's buffer pool is seeded at the pace of the disk (random primary
  // keys touch every page of every index), and the run then measures the disk, not the graph.
  const volumeBytes = args.accounts * (LICENSES_PER_ACCOUNT * BYTES_PER_LICENSE + ORDERS_PER_ACCOUNT * BYTES_PER_ORDER);
  if (volumeBytes > bufferPool) {
    console.log(
      `  Note       the volume takes about ${gib(volumeBytes)} in MySQL, its buffer pool ${gib(bufferPool)}: seeding will wait on the disk.\n` +
        `             On a server of its own: SET GLOBAL innodb_buffer_pool_size = ${Math.ceil((volumeBytes * 1.5) / 1024 ** 3)} * 1024 * 1024 * 1024;\n`,
    );
  }

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
  // The load rotates over the tokens of TOKEN_ACCOUNTS accounts spread over the whole volume: a
  // single token would let a peer deduplicate requests, and real clients are many.
  const step = Math.max(1, Math.floor(accountIds.length / TOKEN_ACCOUNTS));
  const loadAccounts = accountIds.filter((_, i) => i % step === 0).slice(0, TOKEN_ACCOUNTS);
  for (const accountId of new Set([...loadAccounts, accountIds[0], accountIds[accountIds.length - 1], accountIds[Math.floor(accountIds.length / 2)]])) {
    bearers.set(accountId, (await signingKeys.sign({ accountId, roles: ['customer'] }, systemClock.now())).token);
  }
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    HOST,
    DATABASE_URL: url,
    GATEWAY_SECRET: randomBytes(32).toString('base64url'),
    ACCESS_TOKEN_KEYS: accessTokenKeys,
    CARD_DIGEST_KEY: randomBytes(32).toString('base64url'),
    ORDER_TOKEN_KEYS: JSON.stringify({ keys: [await generateSigningKey()] }),
    DOWNLOAD_URL_KEY: randomBytes(32).toString('base64url'),
    SEED_DEMO: '0',
    LOG_LEVEL: 'warn',
    // The drain measured at the end: readiness 503 this long before the listener closes.
    SHUTDOWN_DELAY_MS: String(DRAIN.shutdownDelayMs),
  };
  delete common.NODE_ENV;
  // Production asks for what a deployment has; the load never sends mail or texts, nor follows links.
  const production: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    SMTP_URL: 'smtp://127.0.0.1:9',
    PAYMENT_PROCESSOR: 'sandbox',
    SMS_WEBHOOK_URL: 'http://127.0.0.1:9/sms',
    PUBLIC_URL: `http://${HOST}:${args.portBase}`,
    // The load sends the Dashboard's text, as the peers get it (production's default asks clients for manifest ids).
    TRUSTED_DOCUMENTS: 'off',
  };
  const modeOf = (graph: Graph) => ((graph.label === 'baseline' ? args.baselineProduction : args.production) ? production : {});
  const fail = (message: string) => graphFailure ?? new BenchError(message);
  for (const graph of graphs.filter((g) => g.kind === 'graph')) {
    const env = { ...common, ...modeOf(graph), ...graph.env };
    const subgraphs = graph.services.slice(0, 3);
    for (const service of subgraphs) launch(service, env, logDir);
    await Promise.all(subgraphs.map((s) => waitReady(s, HOST, fail, START_TIMEOUT_MS)));
    launch(graph.gateway, env, logDir);
    await waitReady(graph.gateway, HOST, fail, START_TIMEOUT_MS);
  }
  for (const peer of graphs.filter((g) => g.kind === 'peer')) {
    launch(peer.gateway, { ...common, ...modeOf(peer), ...peer.env }, logDir);
    await peerReady(peer, accountIds[0]);
  }
  console.log(
    `Started ${graphs.length === 1 ? 'the graph (4 processes' : `${graphs.length} graphs (${4 * graphs.length} processes`}, logs in ${path.relative(process.cwd(), logDir) || logDir}) in ${fixed((performance.now() - phase) / 1000, 1)} s.`,
  );

  // 3. Check one answer in full, warm up, then measure each concurrency (each graph in turn).
  const query = clientOperation('Dashboard');
  const loadIds = loadAccounts;
  for (const graph of graphs) {
    await spotCheck(graph, query, accountIds[0]);
    await spotCheck(graph, query, accountIds[accountIds.length - 1]);
    console.log(`Warming up${graphs.length > 1 ? ` the ${graph.label} graph` : ''} (${WARMUP.seconds} s at concurrency ${WARMUP.connections})...`);
    const warmup = await fireDashboard(graph, query, loadIds, WARMUP.connections, WARMUP.seconds);
    if (warmup.badBody) throw new BenchError(`Warm-up: a response held errors: ${warmup.badBody.slice(0, 300)}`);
    if (warmup.result.non2xx || warmup.result.errors) {
      throw new BenchError(`Warm-up: ${warmup.result.non2xx} non-2xx responses and ${warmup.result.errors} connection errors (status codes ${JSON.stringify(warmup.result.statusCodeStats)}); see ${logDir}.`);
    }
    // Let the warm-up's last requests finish, so that they are not counted in the first run.
    await settle(graph);
  }
  const runs: ConcurrencyResult[] = [];
  for (const concurrency of args.concurrencies) {
    for (let round = 1; round <= args.rounds; round++) {
      // Alternate the order (A B, B A, …) so that neither graph always goes first.
      const order = round % 2 === 1 ? graphs : [...graphs].reverse();
      for (const graph of order) {
        console.log(`Measuring concurrency ${concurrency} for ${args.duration} s${graphs.length > 1 ? ` (${graph.label}, round ${round})` : ''}...`);
        runs.push(await measure(graph, round, query, loadIds, concurrency, args.duration));
      }
    }
  }
  for (const graph of graphs) await spotCheck(graph, query, accountIds[Math.floor(accountIds.length / 2)]);

  printResults(runs);
  if (graphs.length > 1) printPeers(runs);
  if (args.loadOnly) {
    writeResults({ benchmark: 'x1-dashboard', startedAt: startedAt.toISOString(), args, warmup: WARMUP, machine, volume: { ...volume, seedSeconds }, runs });
    return runs.some((r) => r.graph === 'current' && (r.non2xx || r.errors || r.bodiesWithErrors)) ? 1 : 0;
  }

  // 4. The attack documents of the security review: how long a refusal takes (current graph).
  console.log(`Sending the attack documents of the security review...`);
  const refusals = await measureRefusals({
    graphqlUrl: `${baseUrl(current.gateway)}/graphql`,
    metricsUrl: `${internalUrl(current.gateway)}/metrics`,
    authorization: authorization(accountIds[0]),
  });
  // The gateway still serves after them.
  await spotCheck(current, query, accountIds[0]);
  printRefusals(refusals);

  // 5. What a browser downloads, and how a deploy's SIGTERM goes under load.
  const sizes: Record<string, ResponseSizes> = {};
  for (const graph of graphs.filter((g) => g.kind === 'graph')) sizes[graph.label] = await responseSizes(graph, query, accountIds[0]);
  printSizes(sizes);
  const drains: Record<string, DrainResult> = {};
  for (const graph of graphs.filter((g) => g.kind === 'graph')) {
    console.log(`Stopping the ${graph.label} gateway with SIGTERM under load (concurrency ${DRAIN.connections})...`);
    drains[graph.label] = await measureDrain(graph, query, loadIds);
  }
  printDrains(drains);
  const logNotes = warningsLogged(logDir);
  for (const note of logNotes) console.log(`  Note: ${note}`);
  writeResults(
      {
        benchmark: 'x1-dashboard',
        startedAt: startedAt.toISOString(),
        args,
        warmup: WARMUP,
        machine,
        volume: { ...volume, seedSeconds },
        runs,
        refusals,
        responseSizes: sizes,
        drain: drains,
        logNotes,
      },
  );

  const failed = runs.filter((r) => r.graph === 'current' && (r.non2xx || r.errors || r.bodiesWithErrors));
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
