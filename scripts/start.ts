import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  DEFAULT_DATA_DIR,
  GATEWAY_PORT,
  SUBGRAPHS,
  SUBGRAPH_NAMES,
  databaseConfig,
  describeDatabase,
  isProduction,
  portFromEnv,
  subgraphPort,
} from '../kernel/config';
import { mysqlAnswers, explainDatabaseError } from '../kernel/db';
import { generateSigningKey } from '../kernel/access-token';
import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { StartupError } from '../kernel/errors';
import { PROJECT_ROOT } from '../kernel/paths';

/**
 * `npm start`: runs the three subgraphs and the gateway as four processes, checks first what
 * can be checked (configuration, free ports, the database), seeds the demo data once, prints
 * where to open Sandbox, and stops all four on Ctrl-C or when any of them dies.
 */
interface Service {
  name: string;
  script: string;
  port: number;
  portVariable: string;
  child?: ChildProcess;
}

const DIST = path.join(PROJECT_ROOT, 'dist');
const LOG_DIR = path.join(DEFAULT_DATA_DIR, 'logs');
const children: Service[] = [];
let shuttingDown = false;
/** Until the banner, a child that dies has printed its own one-line reason: add nothing. */
let started = false;

function stopAll(code: number): void {
  if (shuttingDown) return;
  shuttingDown = true;
  const running = children.filter((s) => s.child && s.child.exitCode === null && s.child.signalCode === null);
  if (running.length === 0) process.exit(code);
  let left = running.length;
  for (const service of running) {
    service.child!.once('exit', () => {
      left -= 1;
      if (left === 0) process.exit(code);
    });
    service.child!.kill('SIGTERM');
  }
  setTimeout(() => {
    const stuck = running.filter((s) => s.child!.exitCode === null && s.child!.signalCode === null);
    console.error(`${stuck.map((s) => s.name).join(', ')} did not stop within 5 s; killed.`);
    for (const s of stuck) s.child!.kill('SIGKILL');
    process.exit(1);
  }, 5000).unref();
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

async function waitReady(service: Service, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const url = `http://127.0.0.1:${service.port}/health/ready`;
  while (Date.now() < deadline) {
    if (service.child!.exitCode !== null) {
      throw new StartupError(`${service.name} stopped while starting (exit code ${service.child!.exitCode}); see the line above or ${path.relative(process.cwd(), path.join(LOG_DIR, `${service.name}.log`))}.`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new StartupError(`${service.name} did not become ready within ${timeoutMs / 1000} s; see ${path.join(LOG_DIR, `${service.name}.log`)}.`);
}

function launch(service: Service, env: NodeJS.ProcessEnv): void {
  const log = fs.openSync(path.join(LOG_DIR, `${service.name}.log`), 'a');
  // JSON logs go to a file per service; stderr (one-line startup errors) stays on the terminal.
  service.child = spawn(process.execPath, [path.join(DIST, service.script)], { env, stdio: ['ignore', log, 'inherit'] });
  children.push(service);
  service.child.once('exit', (code, signal) => {
    if (shuttingDown) return;
    if (started) console.error(`${service.name} stopped (${signal ?? `exit code ${code}`}); stopping the graph.`);
    stopAll(1);
  });
}

/**
 * The development signing key of access tokens, made once and kept in .data/ (git-ignored),
 * so sessions survive a restart of `npm start`. Production sets ACCESS_TOKEN_KEYS itself.
 */
async function developmentSigningKeys(): Promise<string> {
  const file = path.join(DEFAULT_DATA_DIR, 'access-token-keys.json');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  const keys = JSON.stringify({ keys: [await generateSigningKey()] });
  fs.mkdirSync(DEFAULT_DATA_DIR, { recursive: true });
  fs.writeFileSync(file, keys, { mode: 0o600 });
  return keys;
}

async function main(): Promise<void> {
  const env = { ...process.env };
  const host = env.HOST || '127.0.0.1';
  const database = databaseConfig(env);
  const gatewayPort = portFromEnv(env, 'GATEWAY_PORT', GATEWAY_PORT);

  const services: Service[] = [
    ...SUBGRAPH_NAMES.map((name) => ({
      name: `${name}-subgraph`,
      script: `subgraphs/${name}/main.js`,
      port: subgraphPort(name, env),
      portVariable: `${SUBGRAPHS[name].envPrefix}_PORT`,
    })),
    { name: 'gateway', script: 'gateway/main.js', port: gatewayPort, portVariable: 'GATEWAY_PORT' },
  ];
  for (const service of services) {
    if (!(await portIsFree(service.port, host))) {
      throw new StartupError(`${service.name}: port ${service.port} is already in use; stop the program using it (another npm start?) or set ${service.portVariable} to a free port.`);
    }
  }
  if (database.kind === 'mysql' && !(await mysqlAnswers(database))) {
    const { default: mysql } = await import('mysql2/promise');
    const error = await mysql
      .createConnection({ host: database.host, port: database.port, user: database.user, password: database.password, connectTimeout: 5000 })
      .then((c) => c.end().then(() => null), (e: unknown) => e);
    throw explainDatabaseError(database, error);
  }

  fs.mkdirSync(LOG_DIR, { recursive: true });
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    ACCESS_TOKEN_KEYS: env.ACCESS_TOKEN_KEYS || (await developmentSigningKeys()),
    HOST: host,
    GATEWAY_SECRET: env.GATEWAY_SECRET || randomBytes(32).toString('base64url'),
    SEED_DEMO: env.SEED_DEMO ?? (isProduction(env) ? '0' : '1'),
  };
  for (const service of services.slice(0, 3)) launch(service, childEnv);
  await Promise.all(services.slice(0, 3).map((s) => waitReady(s)));
  launch(services[3], childEnv);
  await waitReady(services[3]);

  started = true;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${gatewayPort}/graphql`;
  const demo = DEMO.accounts.dana;
  console.log(`
The commerce graph is running on ${describeDatabase(database)}.

  Gateway and Apollo Sandbox   ${url}   (open it in a browser)
  Sign in                      run the SignIn operation with ${demo.email} / ${DEMO_PASSWORD} (demo data only),
                               then add its accessToken in Sandbox's Headers as  Authorization: Bearer <accessToken>
  Subgraphs (gateway only)     ${services.slice(0, 3).map((s) => `${s.name.replace('-subgraph', '')} :${s.port}`).join('  ')}
  Logs                         ${path.relative(process.cwd(), LOG_DIR) || LOG_DIR}/<service>.log
  E-mail sent                  ${env.SMTP_URL ? 'through SMTP_URL' : `${path.relative(process.cwd(), path.join(DEFAULT_DATA_DIR, 'mail')) || 'mail'}/*.eml (open them in any mail program)`}

Try the Dashboard query of schema/clients/web-portal.graphql. Ctrl-C stops all four processes.
`);
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
}

main().catch((error: Error) => {
  console.error(error instanceof StartupError ? error.message : `The graph could not start: ${error.message}`);
  stopAll(1);
});
