import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_DATA_DIR, corsOrigins, databaseConfig, describeDatabase, isProduction } from '../kernel/config';
import { mysqlAnswers, explainDatabaseError } from '../kernel/db';
import { generateSigningKey } from '../kernel/access-token';
import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { StartupError } from '../kernel/errors';
import { graphProcesses, portIsFree, portsFromEnv, spawnProcess, stopGraceMs, stopProcesses, waitReady, type GraphProcess } from './graph-processes';
import { explorerEnabledFromEnv } from '../gateway/explorer';

/**
 * `npm start`: runs the three subgraphs and the gateway as four processes, checks first what
 * can be checked (configuration, free ports, the database), seeds the demo data once, prints
 * where to open Sandbox, and stops all four on Ctrl-C or when any of them dies.
 */
const LOG_DIR = path.join(DEFAULT_DATA_DIR, 'logs');
const children: GraphProcess[] = [];
let shuttingDown = false;
/** Each process drains its requests in flight before it exits (SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS). */
let graceMs = 15_000;
/** Until the banner, a child that dies has printed its own one-line reason: add nothing. */
let started = false;

function stopAll(code: number): void {
  if (shuttingDown) return;
  shuttingDown = true;
  void stopProcesses(children, graceMs).then((killed) => {
    if (killed.length) console.error(`${killed.join(', ')} did not stop within ${graceMs / 1000} s; killed.`);
    process.exit(killed.length ? 1 : code);
  });
}

function launch(service: GraphProcess, env: NodeJS.ProcessEnv): void {
  // JSON logs go to a file per service; stderr (one-line startup errors) stays on the terminal.
  const child = spawnProcess(service, env, path.join(LOG_DIR, `${service.name}.log`), 'inherit', true);
  children.push(service);
  child.once('exit', (code, signal) => {
    if (shuttingDown) return;
    if (started) console.error(`${service.name} stopped (${signal ?? `exit code ${code}`}); stopping the graph.`);
    stopAll(1);
  });
}

/**
 * A development secret made once and kept in .data/ (git-ignored), so that it survives a
 * restart of `npm start`. Production sets each of them itself.
 */
async function keptInDataDir(fileName: string, make: () => Promise<string> | string): Promise<string> {
  const file = path.join(DEFAULT_DATA_DIR, fileName);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  const value = await make();
  fs.mkdirSync(DEFAULT_DATA_DIR, { recursive: true });
  fs.writeFileSync(file, value, { mode: 0o600 });
  return value;
}

/** Signing keys (access tokens, order tokens): sessions and order links survive a restart. */
const developmentSigningKeys = (fileName: string) => keptInDataDir(fileName, async () => JSON.stringify({ keys: [await generateSigningKey()] }));

/** The key of card-digit digests (O8): orders stay findable by e-mail and card digits after a restart. */
const developmentCardDigestKey = () => keptInDataDir('card-digest-key', () => randomBytes(32).toString('base64url'));

/** The key that signs download and invoice links (O10, O13): links handed out survive a restart. */
const developmentDownloadUrlKey = () => keptInDataDir('download-url-key', () => randomBytes(32).toString('base64url'));

async function main(): Promise<void> {
  const env = { ...process.env };
  const host = env.HOST || '127.0.0.1';
  const database = databaseConfig(env);
  corsOrigins(env);
  graceMs = stopGraceMs(env);
  const { ports, internalPorts } = portsFromEnv(env);
  const gatewayPort = ports.gateway;

  const services = graphProcesses(ports, internalPorts);
  for (const service of services) {
    for (const [port, variable] of [[service.port, service.portVariable], [service.internalPort, service.internalPortVariable]] as const) {
      if (!(await portIsFree(port, host))) {
        throw new StartupError(`${service.name}: port ${port} is already in use; stop the program using it (another npm start?) or set ${variable} to a free port.`);
      }
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
    ACCESS_TOKEN_KEYS: env.ACCESS_TOKEN_KEYS || (await developmentSigningKeys('access-token-keys.json')),
    ORDER_TOKEN_KEYS: env.ORDER_TOKEN_KEYS || (await developmentSigningKeys('order-token-keys.json')),
    // Production sets its own key: the order subgraph refuses to start without one.
    ...(env.CARD_DIGEST_KEY || isProduction(env) ? {} : { CARD_DIGEST_KEY: await developmentCardDigestKey() }),
    ...(env.DOWNLOAD_URL_KEY || isProduction(env) ? {} : { DOWNLOAD_URL_KEY: await developmentDownloadUrlKey() }),
    HOST: host,
    GATEWAY_SECRET: env.GATEWAY_SECRET || randomBytes(32).toString('base64url'),
    SEED_DEMO: env.SEED_DEMO ?? (isProduction(env) ? '0' : '1'),
  };
  for (const service of services.slice(0, 3)) launch(service, childEnv);
  const fail = (message: string) => new StartupError(message);
  await Promise.all(services.slice(0, 3).map((s) => waitReady(s, host, fail)));
  launch(services[3], childEnv);
  await waitReady(services[3], host, fail);

  started = true;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${gatewayPort}/graphql`;
  const demo = DEMO.accounts.dana;
  const explorerLine = explorerEnabledFromEnv(env, isProduction(env))
    ? `  Explorer, works offline      ${url.replace(/\/graphql$/, '/explorer')}   (GraphiQL with the client operations and a sign-in form)\n`
    : '';
  console.log(`
The commerce graph is running on ${describeDatabase(database)}.

  Gateway and Apollo Sandbox   ${url}   (open it in a browser)
${explorerLine}  Sign in                      run the SignIn operation with ${demo.email} / ${DEMO_PASSWORD} (demo data only),
                               then add its accessToken in Sandbox's Headers as  Authorization: Bearer <accessToken>
  Subgraphs (gateway only)     ${services.slice(0, 3).map((s) => `${s.name.replace('-subgraph', '')} :${s.port}`).join('  ')}
  Metrics (internal ports)     ${services.map((s) => `${s.name.replace('-subgraph', '')} :${s.internalPort}`).join('  ')}   (/metrics, /health/ready)
  Logs                         ${path.relative(process.cwd(), LOG_DIR) || LOG_DIR}/<service>.log
  Payments                     ${!env.PAYMENT_PROCESSOR || env.PAYMENT_PROCESSOR === 'sandbox' ? 'sandbox processor: no money moves; test cards in README, "Payments (O3–O5)"' : `PAYMENT_PROCESSOR=${env.PAYMENT_PROCESSOR}`}
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
