import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import semver from 'semver';
import { parse } from 'yaml';
import { ENV, GATEWAY_INTERNAL_PORT, GATEWAY_PORT, SUBGRAPHS, SUBGRAPH_NAMES, databaseConfig, httpSettings, type DatabaseConfig, type SubgraphName } from '../kernel/config';
import { databaseName, dropMysqlDatabase, openDatabase } from '../kernel/db';
import { StartupError } from '../kernel/errors';
import { createLogger } from '../kernel/logger';
import { Metrics } from '../kernel/metrics';
import { PROJECT_ROOT } from '../kernel/paths';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';
import { onMysql, testDatabaseConfig } from './support/database';
import { TEST_DATABASE_PREFIX } from './support/environment';
import { sanctionsFromEnv, SHIPPED_SANCTIONS } from '../subgraphs/order/shipping/sanctions';
import { chargeDescriptorFromEnv } from '../subgraphs/order/payments/payment.service';

/**
 * Docker does not run on the development machines, so docker-compose.yml is checked against
 * the code's own configuration: services, entry points, ports, environment and healthchecks.
 */
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  restart?: string;
  volumes?: string[];
}

const compose = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
/** What docker compose would substitute for ${VAR:?…}, ${VAR:-default} and ${VAR}, with only the secrets set. */
const substitute = (value: string) =>
  value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_m, name: string, kind?: string, fallback?: string) =>
    ({ MYSQL_ROOT_PASSWORD: 'pw', GATEWAY_SECRET: 'x'.repeat(32) })[name] ?? (name.endsWith('_DB_PASSWORD') ? `${name.toLowerCase()}-0123456789` : kind === '-' ? fallback! : ''),
  );
const composeText = fs.readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
/** Every variable compose refuses to start without (`${VAR:?…}`). */
const REQUIRED = [...new Set([...composeText.matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]))];
/** The database user of each subgraph (docker/mysql-init/10-users.sh). */
const DB_USER = (name: SubgraphName) => `${name}_svc`;
const USERS_SCRIPT = path.join(PROJECT_ROOT, 'docker', 'mysql-init', '10-users.sh');

/**
 * The SQL the MySQL image's entrypoint runs from 10-users.sh: the script itself, under bash, with
 * the entrypoint's `docker_process_sql` standing in as `cat`.
 */
function usersScript(env: Record<string, string>): { status: number | null; sql: string; stderr: string } {
  const run = spawnSync('bash', ['-c', 'docker_process_sql() { cat; }; source "$0"', USERS_SCRIPT], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return { status: run.status, sql: run.stdout, stderr: run.stderr };
}
const PASSWORDS = { ACCOUNT_DB_PASSWORD: 'a'.repeat(24), ORDER_DB_PASSWORD: 'o'.repeat(24), SUBSCRIPTION_DB_PASSWORD: 's'.repeat(24), MIGRATOR_DB_PASSWORD: 'm'.repeat(24) };
/** `GRANT privileges ON db.* TO 'user'@'%'` statements: user → database → privileges. */
function grantsOf(sql: string): Map<string, Map<string, string[]>> {
  const grants = new Map<string, Map<string, string[]>>();
  for (const [, privileges, target, user] of sql.matchAll(/GRANT\s+(.+?)\s+ON\s+(\S+)\s+TO\s+'([^']+)'/g)) {
    if (!grants.has(user)) grants.set(user, new Map());
    grants.get(user)!.set(target, privileges.split(',').map((p) => p.trim().toUpperCase()).sort());
  }
  return grants;
}

describe('docker-compose.yml', () => {
  it('has MySQL 8, the one-shot migrate step, the three subgraphs and the gateway', () => {
    expect(Object.keys(services).sort()).toEqual(['account', 'gateway', 'migrate', 'mysql', 'order', 'subscription']);
    expect(services.mysql.image).toMatch(/^mysql:8/);
    expect(services.mysql.healthcheck?.test.join(' ')).toContain('mysqladmin ping');
  });

  it.each(SUBGRAPH_NAMES)('%s: runs its own entry point on its configured port, on MySQL, after MySQL is healthy', (name: SubgraphName) => {
    const service = services[name];
    const env = service.environment!;
    expect(service.command).toEqual(['node', `dist/subgraphs/${name}/main.js`]);
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'subgraphs', name, 'main.ts'))).toBe(true);
    expect(Number(env[`${SUBGRAPHS[name].envPrefix}_PORT`])).toBe(SUBGRAPHS[name].port);
    expect(Number(env[`${SUBGRAPHS[name].envPrefix}_INTERNAL_PORT`])).toBe(SUBGRAPHS[name].internalPort);
    expect(Object.keys(env).every((key) => ENV.subgraph(name).includes(key))).toBe(true);
    expect(env.NODE_ENV).toBe('production');
    expect(env.HOST).toBe('0.0.0.0');
    expect(databaseConfig({ DATABASE_URL: substitute(env.DATABASE_URL) })).toMatchObject({ kind: 'mysql', host: 'mysql', port: 3306 });
    expect(substitute(env.GATEWAY_SECRET).length).toBeGreaterThanOrEqual(32);
    expect(service.depends_on).toEqual({ mysql: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
    expect(service.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${SUBGRAPHS[name].port}/health/ready`);
    expect(service.ports).toBeUndefined(); // subgraphs answer only the gateway
    // Event delivery (X2) reaches every subgraph by its service name.
    for (const other of SUBGRAPH_NAMES) expect(env[`${SUBGRAPHS[other].envPrefix}_URL`]).toBe(`http://${other}:${SUBGRAPHS[other].port}/graphql`);
  });

  it('account: signs access tokens with keys and sends mail through SMTP given by the operator (A3, A4)', () => {
    expect(services.account.environment!.ACCESS_TOKEN_KEYS).toMatch(/^\$\{ACCESS_TOKEN_KEYS:\?/);
    // Production sends mail through SMTP only (A4).
    expect(services.account.environment!.SMTP_URL).toMatch(/^\$\{SMTP_URL:\?/);
    expect(services.account.environment!.SMS_WEBHOOK_URL).toMatch(/^\$\{SMS_WEBHOOK_URL:\?/);
  });

  it('order: passes the operator\'s list of sanctioned countries through, empty keeping the shipped one (O7)', () => {
    expect(services.order.environment!.SANCTIONED_COUNTRIES).toBe('${SANCTIONED_COUNTRIES:-}');
    expect(sanctionsFromEnv({ SANCTIONED_COUNTRIES: substitute(services.order.environment!.SANCTIONED_COUNTRIES) })).toBe(SHIPPED_SANCTIONS);
  });

  it('order: signs order tokens with keys the operator sets (O8)', () => {
    expect(services.order.environment!.ORDER_TOKEN_KEYS).toMatch(/^\$\{ORDER_TOKEN_KEYS:\?/);
  });

  it('order: needs a payment processor and the card-digit digest key from the operator; the descriptor has a default (O3–O5, O8)', () => {
    const env = services.order.environment!;
    expect(env.PAYMENT_PROCESSOR).toMatch(/^\$\{PAYMENT_PROCESSOR:\?/);
    expect(env.CARD_DIGEST_KEY).toMatch(/^\$\{CARD_DIGEST_KEY:\?/);
    expect(env.CHARGE_DESCRIPTOR).toBe('${CHARGE_DESCRIPTOR:-DRI*Commerce Graph}');
    expect(chargeDescriptorFromEnv({ CHARGE_DESCRIPTOR: env.CHARGE_DESCRIPTOR.replace(/^\$\{CHARGE_DESCRIPTOR:-(.*)\}$/, '$1') })).toBe('DRI*Commerce Graph');
  });

  it('gateway: reaches each subgraph by service name and port, publishes its port, waits for healthy subgraphs', () => {
    const gateway = services.gateway;
    const env = gateway.environment!;
    expect(gateway.command).toEqual(['node', 'dist/gateway/main.js']);
    expect(Object.keys(env).every((key) => ENV.gateway.includes(key))).toBe(true);
    expect(Number(env.GATEWAY_PORT)).toBe(GATEWAY_PORT);
    for (const name of SUBGRAPH_NAMES) {
      expect(env[`${SUBGRAPHS[name].envPrefix}_URL`]).toBe(`http://${name}:${SUBGRAPHS[name].port}/graphql`);
      expect(gateway.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    }
    // Only the public port is published: metrics and readiness detail stay on the compose network.
    expect(gateway.ports).toEqual([`${GATEWAY_PORT}:${GATEWAY_PORT}`]);
    expect(Number(env.GATEWAY_INTERNAL_PORT)).toBe(GATEWAY_INTERNAL_PORT);
    // Browsers of the portal's origin may call the gateway.
    expect(env.PORTAL_URL).toMatch(/^\$\{PORTAL_URL:-http/);
    expect(env).toHaveProperty('CORS_ORIGINS');
    expect(gateway.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${GATEWAY_PORT}/health/ready`);
    // One secret shared by all four.
    const secrets = new Set(['gateway', ...SUBGRAPH_NAMES].map((n) => services[n].environment!.GATEWAY_SECRET));
    expect(secrets.size).toBe(1);
  });

  it.each(['gateway', ...SUBGRAPH_NAMES])('%s: docker waits for the drain of requests in flight before it kills the process', (name) => {
    const service = services[name];
    const settings = httpSettings(Object.fromEntries(Object.entries(service.environment!).map(([k, v]) => [k, substitute(v)])));
    const grace = /^(\d+)s$/.exec(service.stop_grace_period ?? '10s')!;
    expect(Number(grace[1]) * 1000).toBeGreaterThan(settings.shutdownDelayMs + settings.shutdownTimeoutMs);
  });

  it('lists every variable it requires in the README\'s docker-compose command, and the README sets each one', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = /## Running with docker-compose\n([\s\S]*?)\n## /.exec(readme)![1];
    const command = /```sh\n([\s\S]*?)```/.exec(section)![1];
    expect(REQUIRED.length).toBeGreaterThanOrEqual(12);
    for (const name of REQUIRED) {
      expect(command).toMatch(new RegExp(`\\b${name}=`));
      // The file's own header says how to make each.
      expect(composeText.split('\nservices:')[0]).toContain(name);
    }
  });

  it('mysql: runs the users script when it initialises its volume, given each user\'s password', () => {
    expect(services.mysql.volumes).toContain('./docker/mysql-init:/docker-entrypoint-initdb.d:ro');
    expect(fs.statSync(USERS_SCRIPT).mode & 0o111).not.toBe(0);
    for (const name of Object.keys(PASSWORDS)) expect(services.mysql.environment![name]).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
  });

  it('mysql: each subgraph\'s user may read and write rows of its own database and nothing else; the migrator may change the schema of the three alone; no grant on everything, none to grant', () => {
    const { status, sql } = usersScript(PASSWORDS);
    expect(status).toBe(0);
    const grants = grantsOf(sql);
    expect([...grants.keys()].sort()).toEqual(['account_svc', 'migrator', 'order_svc', 'subscription_svc']);
    for (const name of SUBGRAPH_NAMES) {
      expect(Object.fromEntries(grants.get(DB_USER(name))!)).toEqual({ [`${SUBGRAPHS[name].database}.*`]: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'] });
    }
    const migrator = grants.get('migrator')!;
    expect([...migrator.keys()].sort()).toEqual(SUBGRAPH_NAMES.map((n) => `${SUBGRAPHS[n].database}.*`).sort());
    for (const privileges of migrator.values()) expect(privileges).toEqual(['ALTER', 'CREATE', 'DELETE', 'DROP', 'INDEX', 'INSERT', 'REFERENCES', 'SELECT', 'UPDATE']);
    expect(sql).not.toMatch(/\*\.\*|ALL PRIVILEGES|GRANT OPTION|SUPER|FILE|PROCESS/i);
    // The databases exist before anyone uses them: the subgraphs' users could not create them.
    for (const name of SUBGRAPH_NAMES) expect(sql).toContain(`CREATE DATABASE IF NOT EXISTS ${SUBGRAPHS[name].database} `);
  });

  it('mysql: the users script refuses a missing or unsafe password (it goes into a mysql:// URL as it is)', () => {
    for (const bad of ['', 'short', "quote'in-a-long-password", 'spaces in a long password']) {
      const run = usersScript({ ...PASSWORDS, ORDER_DB_PASSWORD: bad });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('ORDER_DB_PASSWORD must be 16 or more');
      expect(run.sql).toBe('');
    }
  });

  it.each(SUBGRAPH_NAMES)('%s: connects as its own user with its own password, only checks the migrations, and starts once they ran', (name: SubgraphName) => {
    const env = services[name].environment!;
    const password = `${SUBGRAPHS[name].envPrefix}_DB_PASSWORD`;
    expect(env.DATABASE_URL).toBe(`mysql://${DB_USER(name)}:\${${password}}@mysql:3306`);
    expect(databaseConfig({ DATABASE_URL: substitute(env.DATABASE_URL), DATABASE_MIGRATIONS: env.DATABASE_MIGRATIONS })).toMatchObject({ user: DB_USER(name), migrations: 'check' });
    expect(services.mysql.environment![password]).toBeDefined();
  });

  it('migrate: runs the migrations of the three subgraphs once, as the migrator, after MySQL is healthy', () => {
    const migrate = services.migrate;
    expect(migrate.command).toEqual(['node', 'dist/scripts/migrate.js']);
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'scripts', 'migrate.ts'))).toBe(true);
    expect(migrate.image).toBe(services.gateway.image);
    expect(migrate.environment!.DATABASE_URL).toBe('mysql://migrator:${MIGRATOR_DB_PASSWORD}@mysql:3306');
    expect(Object.keys(migrate.environment!).every((key) => ENV.migrate.includes(key))).toBe(true);
    expect(migrate.depends_on).toEqual({ mysql: { condition: 'service_healthy' } });
    expect(migrate.ports).toBeUndefined();
  });

  it('restarts every long-running service unless it was stopped; the one-shot migrate never', () => {
    for (const name of ['mysql', 'gateway', ...SUBGRAPH_NAMES]) expect(services[name].restart).toBe('unless-stopped');
    expect(services.migrate.restart).toBe('no');
  });

  it('no service connects as root', () => {
    for (const service of Object.values(services)) expect(service.environment?.DATABASE_URL ?? '').not.toMatch(/root/);
  });
});

/**
 * The users script against a real server (MySQL/MariaDB when one answers): its statements, with
 * the names made this run's own, then the migrator migrating and each subgraph's user starting
 * on what it was granted.
 */
(onMysql() ? describe : describe.skip)('database users on a real server', () => {
  const base = testDatabaseConfig() as Extract<DatabaseConfig, { kind: 'mysql' }>;
  // MySQL allows 32 characters in a user name.
  const userPrefix = `${TEST_DATABASE_PREFIX.slice(0, 8)}${randomBytes(3).toString('hex')}_`;
  const passwords = Object.fromEntries(Object.keys(PASSWORDS).map((k) => [k, randomBytes(12).toString('hex')])) as typeof PASSWORDS;
  const users = ['account_svc', 'order_svc', 'subscription_svc', 'migrator'];
  const as = (user: string, password: string, migrations?: 'check'): Extract<DatabaseConfig, { kind: 'mysql' }> => ({ ...base, user: `${userPrefix}${user}`, password, ...(migrations ? { migrations } : {}) });
  const log = createLogger('users-test', 'silent');
  const open = (name: SubgraphName, config: DatabaseConfig, extraMigrations: Function[] = []) =>
    openDatabase({ name, config, entities: SUBGRAPH_DEFINITIONS[name].entities, migrations: [...SUBGRAPH_DEFINITIONS[name].migrations, ...extraMigrations], metrics: new Metrics(name), log });
  let root: mysql.Connection;

  beforeAll(async () => {
    root = await mysql.createConnection({ host: base.host, port: base.port, user: base.user, password: base.password });
    let sql = usersScript(passwords).sql;
    for (const name of SUBGRAPH_NAMES) {
      const database = SUBGRAPHS[name].database;
      sql = sql.replace(new RegExp(`(EXISTS|ON) ${database}\\b`, 'g'), `$1 \`${databaseName(name, base)}\``);
    }
    for (const user of users) sql = sql.replaceAll(`'${user}'@`, `'${userPrefix}${user}'@`);
    for (const statement of sql.split(';').map((s) => s.trim()).filter(Boolean)) await root.query(statement);
  });
  afterAll(async () => {
    for (const user of users) await root.query(`DROP USER IF EXISTS '${userPrefix}${user}'@'%'`);
    for (const name of SUBGRAPH_NAMES) await dropMysqlDatabase(base, databaseName(name, base));
    await root.end();
  });

  it('a subgraph\'s user refuses to start before the migrations ran, the migrator runs them, then each subgraph starts with DML alone', async () => {
    await expect(open('account', as('account_svc', passwords.ACCOUNT_DB_PASSWORD, 'check'))).rejects.toThrow(/lacks \d+ migration/);
    for (const name of SUBGRAPH_NAMES) await (await open(name, as('migrator', passwords.MIGRATOR_DB_PASSWORD))).destroy();
    for (const name of SUBGRAPH_NAMES) {
      const ds = await open(name, as(DB_USER(name), passwords[`${SUBGRAPHS[name].envPrefix}_DB_PASSWORD` as keyof typeof PASSWORDS], 'check'));
      try {
        expect(Number((await ds.query('SELECT COUNT(*) AS n FROM migrations'))[0].n)).toBe(SUBGRAPH_DEFINITIONS[name].migrations.length);
        // No DDL on its own database…
        await expect(ds.query('CREATE TABLE intruder (id INT)')).rejects.toMatchObject({ driverError: { code: 'ER_TABLEACCESS_DENIED_ERROR' } });
        await expect(ds.query('DROP TABLE migrations')).rejects.toMatchObject({ driverError: { code: 'ER_TABLEACCESS_DENIED_ERROR' } });
        // …and nothing at all on another subgraph's.
        const other = SUBGRAPH_NAMES.find((n) => n !== name)!;
        await expect(ds.query(`SELECT * FROM \`${databaseName(other, base)}\`.migrations`)).rejects.toMatchObject({ driverError: { code: expect.stringMatching(/^ER_(TABLE|DB)ACCESS_DENIED_ERROR$/) } });
      } finally {
        await ds.destroy();
      }
    }
  });

  it('a subgraph\'s user refuses to start while a committed migration has not run, saying how to run it', async () => {
    class Later1999999999999 {
      name = 'Later1999999999999';
      async up(): Promise<void> {}
      async down(): Promise<void> {}
    }
    const attempt = open('order', as('order_svc', passwords.ORDER_DB_PASSWORD, 'check'), [Later1999999999999]);
    await expect(attempt).rejects.toThrow(StartupError);
    await expect(attempt).rejects.toThrow(/lacks 1 migration\(s\) \(Later1999999999999\); run them first \(node dist\/scripts\/migrate\.js/);
  });
});

/** Newcomers: `npm install` on the Node the project says (and the Dockerfile runs) warns about no dependency's engines. */
describe('Node versions', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };

  it('every installed dependency accepts every Node version the project says it runs on (no EBADENGINE)', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([where, info]) => where !== '' && info.engines && !Array.isArray(info.engines) && info.engines.node)
      .filter(([, info]) => !semver.subset(pkg.engines.node, (info.engines as { node: string }).node))
      .map(([where, info]) => `${where}@${info.version} wants node ${(info.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('the Dockerfile\'s images and this machine\'s Node are within the project\'s engines', () => {
    const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const images = [...dockerfile.matchAll(/^FROM node:(\d+)(?:\.(\d+))?[\w.-]*/gm)];
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const [, major, minor] of images) {
      // `node:20-…` is the newest 20.x: within the engines if the newest of that line is.
      const range = minor ? `${major}.${minor}.x` : `${major}.x`;
      expect(semver.intersects(range, pkg.engines.node)).toBe(true);
      expect(semver.satisfies(`${major}.${minor ?? 99}.99`, pkg.engines.node)).toBe(true);
    }
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });
});
