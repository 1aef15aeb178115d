import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  GATEWAY_INTERNAL_PORT,
  GATEWAY_PORT,
  SUBGRAPHS,
  SUBGRAPH_NAMES,
  httpSettings,
  portFromEnv,
  subgraphInternalPort,
  subgraphPort,
  type Env,
  type SubgraphName,
} from '../kernel/config';
import { PROJECT_ROOT } from '../kernel/paths';

/**
 * The four processes of the graph as `npm start` and `npm run bench` run them: three
 * subgraphs, then the gateway, each from dist/, each logging JSON to a file of its own.
 */
export interface GraphProcess {
  name: string;
  /** Entry point under dist/. */
  script: string;
  port: number;
  /** The variable that sets the port, named in "port in use" lines. */
  portVariable: string;
  /** The internal port (/metrics, readiness detail) and its variable. */
  internalPort: number;
  internalPortVariable: string;
  /** The build it runs from (default: this checkout's dist/); the benchmark runs another build beside it. */
  dist?: string;
  logFile?: string;
  child?: ChildProcess;
  /** The end of what the process wrote on stderr, when it is kept (its one-line startup error). */
  stderrTail: string;
}

export const DIST = path.join(PROJECT_ROOT, 'dist');

type Ports = Record<SubgraphName | 'gateway', number>;

export function graphProcesses(ports: Ports, internalPorts: Ports): GraphProcess[] {
  return [
    ...SUBGRAPH_NAMES.map((name) => ({
      name: `${name}-subgraph`,
      script: `subgraphs/${name}/main.js`,
      port: ports[name],
      portVariable: `${SUBGRAPHS[name].envPrefix}_PORT`,
      internalPort: internalPorts[name],
      internalPortVariable: `${SUBGRAPHS[name].envPrefix}_INTERNAL_PORT`,
      stderrTail: '',
    })),
    {
      name: 'gateway',
      script: 'gateway/main.js',
      port: ports.gateway,
      portVariable: 'GATEWAY_PORT',
      internalPort: internalPorts.gateway,
      internalPortVariable: 'GATEWAY_INTERNAL_PORT',
      stderrTail: '',
    },
  ];
}

/** The ports of the four processes as the environment sets them (the defaults otherwise). */
export function portsFromEnv(env: Env): { ports: Ports; internalPorts: Ports } {
  const pick = (read: (name: SubgraphName) => number, gateway: number) =>
    ({ ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, read(n)])), gateway }) as Ports;
  return {
    ports: pick((n) => subgraphPort(n, env), portFromEnv(env, 'GATEWAY_PORT', GATEWAY_PORT)),
    internalPorts: pick((n) => subgraphInternalPort(n, env), portFromEnv(env, 'GATEWAY_INTERNAL_PORT', GATEWAY_INTERNAL_PORT)),
  };
}

/** The environment that puts the four processes on these ports and points them at each other. */
export function portsEnv(ports: Ports, internalPorts: Ports, host: string): Record<string, string> {
  return {
    GATEWAY_PORT: String(ports.gateway),
    GATEWAY_INTERNAL_PORT: String(internalPorts.gateway),
    ...Object.fromEntries(
      SUBGRAPH_NAMES.flatMap((n) => [
        [`${SUBGRAPHS[n].envPrefix}_PORT`, String(ports[n])],
        [`${SUBGRAPHS[n].envPrefix}_INTERNAL_PORT`, String(internalPorts[n])],
        [`${SUBGRAPHS[n].envPrefix}_URL`, `http://${host}:${ports[n]}/graphql`],
      ]),
    ),
  };
}

/**
 * How long to wait for a process to stop after SIGTERM before killing it: its drain (delay
 * with readiness 503, then requests in flight) plus a margin.
 */
export function stopGraceMs(env: Env): number {
  const { shutdownDelayMs, shutdownTimeoutMs } = httpSettings(env);
  return shutdownDelayMs + shutdownTimeoutMs + 5000;
}

export function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

export const isRunning = (child: ChildProcess | undefined): child is ChildProcess => !!child && child.exitCode === null && child.signalCode === null;

/**
 * Starts one process. Its JSON logs (stdout) go to `logFile`; its stderr, where a process
 * writes the one line of a failed start, goes to the terminal or is kept in `stderrTail`.
 */
export function spawnProcess(process_: GraphProcess, env: NodeJS.ProcessEnv, logFile: string, stderr: 'inherit' | 'keep', append: boolean): ChildProcess {
  const log = fs.openSync(logFile, append ? 'a' : 'w');
  // CPU_PROF_DIR: each process writes a V8 CPU profile there when it exits (node --cpu-prof).
  const profile = env.CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${env.CPU_PROF_DIR}`, `--cpu-prof-name=${process_.name}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, path.join(process_.dist ?? DIST, process_.script)], { env, stdio: ['ignore', log, stderr === 'inherit' ? 'inherit' : 'pipe'] });
  fs.closeSync(log);
  if (stderr === 'keep') {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      process_.stderrTail = (process_.stderrTail + text).slice(-2000);
    });
  }
  process_.logFile = logFile;
  process_.child = child;
  return child;
}

/** Waits for /health/ready; `fail` makes the caller's kind of error (one line, with where to look). */
export async function waitReady(process_: GraphProcess, host: string, fail: (message: string) => Error, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const logHint = process_.logFile ? `; see ${path.relative(process.cwd(), process_.logFile) || process_.logFile}` : '';
  while (performance.now() < deadline) {
    const child = process_.child!;
    if (child.exitCode !== null || child.signalCode !== null) {
      const said = process_.stderrTail.trim().split('\n').pop();
      throw fail(`${process_.name} stopped while starting (${child.signalCode ?? `exit code ${child.exitCode}`})${said ? `: ${said}` : ''}${logHint}.`);
    }
    try {
      const response = await fetch(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${process_.port}/health/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw fail(`${process_.name} did not become ready within ${timeoutMs / 1000} s on port ${process_.port}${logHint}.`);
}

/** SIGTERM to each process still running (they close cleanly), SIGKILL after `graceMs`; resolves with the names that had to be killed. */
export function stopProcesses(processes: GraphProcess[], graceMs = 5000): Promise<string[]> {
  return Promise.all(
    processes.map(
      ({ name, child }) =>
        new Promise<string | null>((resolve) => {
          if (!isRunning(child)) return resolve(null);
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve(name);
          }, graceMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve(null);
          });
          child.kill('SIGTERM');
        }),
    ),
  ).then((names) => names.filter((n): n is string => n !== null));
}
