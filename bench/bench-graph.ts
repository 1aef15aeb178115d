import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { generateSigningKey } from '../kernel/access-token';
import { DEFAULT_DATA_DIR, SUBGRAPH_NAMES, databaseConfig, type SubgraphName } from '../kernel/config';
import { graphProcesses, portsEnv, spawnProcess, stopProcesses, waitReady, type GraphProcess } from '../scripts/graph-processes';

/**
 * The four compiled processes of the graph on MySQL, for the scenario benchmarks (after the sale,
 * checkout): fresh databases under a prefix, fresh keys, the demo seeded, and what a scenario
 * measures with (GraphQL through the gateway, each process's CPU time and resident memory from
 * /proc, each subgraph's SQL statement counter from its internal /metrics).
 */
export interface BenchGraph {
  env: NodeJS.ProcessEnv;
  workDir: string;
  host: string;
  /** One GraphQL request through the gateway's public port; GraphQL errors throw. */
  graphql(query: string, variables: Record<string, unknown>, headers?: Record<string, string>): Promise<any>;
  /** The operating-system pid of a process: 'gateway', 'account-subgraph', 'order-subgraph', 'subscription-subgraph'. */
  pid(name: string): number;
  /** SQL statements each subgraph has run so far. */
  sqlCounts(): Promise<Record<SubgraphName, number>>;
  stop(): Promise<void>;
}

/** The text after `--name` on the command line, or the fallback. */
export function textOption(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

export function option(name: string, fallback: number): number {
  return Number(textOption(name, String(fallback)));
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const mb = (bytes: number) => bytes / 1024 / 1024;

/** Resident memory of a process, from /proc (no request to the process, so nothing it measures itself). */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** CPU time (user + system) a process has used, in ms, from /proc: meaningful on a machine shared with other work. */
export function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks of 1/100 s
}

const DATABASE_OF: Record<SubgraphName, string> = { account: 'account', order: 'orders', subscription: 'subscriptions' };

/** Starts the graph on MySQL (DATABASE_URL, default mysql://root@127.0.0.1:3306) in databases `${prefix}_…`, dropped first. */
export async function startBenchGraph(options: { prefix: string; portBase: number; env?: NodeJS.ProcessEnv }): Promise<BenchGraph> {
  const host = '127.0.0.1';
  const base = options.portBase;
  const ports = { gateway: base, account: base + 1, order: base + 2, subscription: base + 3 };
  const internalPorts = { gateway: base + 4, account: base + 5, order: base + 6, subscription: base + 7 };
  const server = new URL(process.env.DATABASE_URL?.trim() || 'mysql://root@127.0.0.1:3306');
  server.pathname = `/${options.prefix}`;
  const database = databaseConfig({ DATABASE_URL: server.toString() });
  if (database.kind !== 'mysql') throw new Error('the benchmark runs on MySQL');
  const admin = await mysql.createConnection({ host: database.host, port: database.port, user: database.user, password: database.password });
  for (const name of SUBGRAPH_NAMES) await admin.query(`DROP DATABASE IF EXISTS \`${options.prefix}_${DATABASE_OF[name]}\``);
  await admin.end();

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.prefix}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...portsEnv(ports, internalPorts, host),
    HOST: host,
    DATABASE_URL: server.toString(),
    DATA_DIR: workDir,
    FILE_STORAGE_DIR: path.join(workDir, 'files'),
    GATEWAY_SECRET: randomBytes(32).toString('base64url'),
    ACCESS_TOKEN_KEYS: JSON.stringify({ keys: [await generateSigningKey()] }),
    ORDER_TOKEN_KEYS: JSON.stringify({ keys: [await generateSigningKey()] }),
    CARD_DIGEST_KEY: randomBytes(32).toString('base64url'),
    DOWNLOAD_URL_KEY: randomBytes(32).toString('base64url'),
    SEED_DEMO: '1',
    // The load stands for many customers: each request may come from its own (documentation) address.
    TRUST_PROXY: '1',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  if (!options.env?.NODE_ENV) delete env.NODE_ENV;
  const processes: GraphProcess[] = graphProcesses(ports, internalPorts);
  const stop = async () => {
    const killed = await stopProcesses(processes, 15_000);
    if (killed.length) console.error(`${killed.join(', ')} had to be killed`);
  };
  try {
    for (const p of processes.slice(0, 3)) spawnProcess(p, env, path.join(workDir, `${p.name}.log`), 'keep', false);
    await Promise.all(processes.slice(0, 3).map((p) => waitReady(p, host, (m) => new Error(m))));
    spawnProcess(processes[3], env, path.join(workDir, 'gateway.log'), 'keep', false);
    await waitReady(processes[3], host, (m) => new Error(m));
  } catch (error) {
    await stop();
    throw error;
  }

  const gatewayUrl = `http://${host}:${ports.gateway}/graphql`;
  return {
    env,
    workDir,
    host,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    },
    pid: (name) => processes.find((p) => p.name === name)!.child!.pid!,
    async sqlCounts() {
      const counts = {} as Record<SubgraphName, number>;
      for (const name of SUBGRAPH_NAMES) {
        const text = await (await fetch(`http://${host}:${internalPorts[name]}/metrics`)).text();
        counts[name] = Number(/^sql_statements_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? NaN);
      }
      return counts;
    },
    stop,
  };
}

/** Writes a scenario's results to .data/bench/<name>.json. */
export function writeResults(name: string, results: unknown): void {
  const out = path.join(DEFAULT_DATA_DIR, 'bench');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify(results, null, 2));
}

/** Runs a scenario's main and exits: 0 when it finished, 1 with its message when it failed. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
