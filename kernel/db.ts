import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { SpanKind, SpanStatusCode, context, trace, type Attributes, type Span } from '@opentelemetry/api';
import {
  DataSource,
  MigrationExecutor,
  type AfterQueryEvent,
  type BeforeQueryEvent,
  type EntityManager,
  type EntityMetadata,
  type EntitySubscriberInterface,
  type EntityTarget,
  type Logger as OrmLogger,
  type ObjectLiteral,
  type QueryRunner,
} from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SUBGRAPHS, describeDatabase, type DatabaseConfig, type SubgraphName } from './config';
import { StartupError } from './errors';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { operationalWork } from './outbox/background';
import { OUTBOX_ENTITIES } from './outbox/outbox.entities';
import { tracingActive } from './tracing';

/**
 * Counts every SQL statement (tests assert fixed counts per request; /metrics exposes the total)
 * and logs statements at debug level. Parameters are never logged: they can hold personal data.
 */
class SqlLogger implements OrmLogger {
  constructor(
    private readonly metrics: Metrics,
    private readonly out: Logger,
  ) {}

  logQuery(query: string): void {
    this.metrics.countSql(operationalWork.getStore() === true);
    if (this.out.isLevelEnabled('trace')) this.out.trace({ sql: query }, 'sql');
  }
  logQueryError(error: string | Error, query: string): void {
    this.out.warn({ sql: query, err: typeof error === 'string' ? error : error.message }, 'sql failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.out.warn({ sql: query, ms: time }, 'slow sql');
  }
  logSchemaBuild(message: string): void {
    this.out.debug({ schema: message }, 'schema');
  }
  logMigration(message: string): void {
    this.out.info({ migration: message }, 'migration');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown, _runner?: QueryRunner): void {
    if (level === 'warn') this.out.warn({ message }, 'typeorm');
    else this.out.debug({ message }, 'typeorm');
  }
}

/** Longest SQL text recorded on a span (a multi-row INSERT can be long). */
const MAX_SQL_TEXT = 2000;

/**
 * A CLIENT span for every SQL statement run within a traced request (kernel/tracing.ts says
 * why a TypeORM subscriber rather than an instrumentation package): TypeORM announces each
 * statement before and after it runs, on MySQL and SQLite alike, in the caller's async context.
 * The statement is recorded as sent, with its placeholders; parameters never are (personal
 * data), nor the driver's error message (it can quote a value), only its code. Statements
 * outside a traced request (polls of the relay and the workers, migrations) open no span.
 */
class SqlSpans implements EntitySubscriberInterface {
  /** Statements under way on each query runner (one connection; SQLite's is shared, so several at once). */
  private readonly running = new WeakMap<QueryRunner, Array<{ query: string; parameters: unknown; span: Span }>>();
  private readonly tracer = trace.getTracer('commerce-graph');

  constructor(private readonly attributes: Attributes) {}

  beforeQuery(event: BeforeQueryEvent): void {
    const parent = context.active();
    if (!trace.getSpan(parent)) return;
    const operation = /^\s*(\w+)/.exec(event.query)?.[1]?.toUpperCase() ?? 'SQL';
    const span = this.tracer.startSpan(
      `${operation} ${this.attributes['db.namespace']}`,
      { kind: SpanKind.CLIENT, attributes: { ...this.attributes, 'db.operation.name': operation, 'db.query.text': event.query.slice(0, MAX_SQL_TEXT) } },
      parent,
    );
    const list = this.running.get(event.queryRunner) ?? [];
    list.push({ query: event.query, parameters: event.parameters, span });
    this.running.set(event.queryRunner, list);
  }

  afterQuery(event: AfterQueryEvent): void {
    const list = this.running.get(event.queryRunner);
    if (!list) return;
    // TypeORM hands both events the same parameters array: that pairs them even when the same
    // statement runs twice at once on one runner.
    let index = list.findIndex((r) => r.query === event.query && r.parameters === event.parameters);
    if (index < 0) index = list.findIndex((r) => r.query === event.query);
    if (index < 0) return;
    const [{ span }] = list.splice(index, 1);
    if (!event.success) {
      const code = (event.error as { code?: unknown } | undefined)?.code;
      span.setAttribute('error.type', typeof code === 'string' ? code : 'error');
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }
}

/**
 * Collation of case-sensitive text columns (serial numbers, activation codes: S1). The
 * databases default to the case-insensitive utf8mb4_unicode_ci, right for e-mail addresses.
 */
export const CASE_SENSITIVE = 'utf8mb4_bin';

export function databaseName(name: SubgraphName, config: DatabaseConfig): string {
  return config.kind === 'mysql' ? `${config.databasePrefix}${SUBGRAPHS[name].database}` : SUBGRAPHS[name].database;
}

/** Turns a driver error into one line that says what is wrong and how to fix it. */
export function explainDatabaseError(config: DatabaseConfig, error: unknown): StartupError {
  const err = error as { code?: string; message?: string };
  const where = describeDatabase(config);
  const fallback = 'or unset DATABASE_URL to use the embedded SQLite default';
  switch (err.code) {
    case 'ECONNREFUSED':
      return new StartupError(`${where} refused the connection: start the MySQL server, ${fallback}.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`${where}: the host name does not resolve; check the host in DATABASE_URL, ${fallback}.`);
    case 'ETIMEDOUT':
      return new StartupError(`${where} did not answer in time: check that it runs and the port is right, ${fallback}.`);
    case 'ER_ACCESS_DENIED_ERROR':
      return new StartupError(`${where} rejected the user or password: check the credentials in DATABASE_URL.`);
    case 'ER_DBACCESS_DENIED_ERROR':
      return new StartupError(`${where}: the user may not create or use the database; grant it, or use another user.`);
    default:
      return new StartupError(`${where} could not be used: ${err.message ?? String(error)}`);
  }
}

async function adminConnection(config: Extract<DatabaseConfig, { kind: 'mysql' }>) {
  return mysql.createConnection({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    connectTimeout: 5000,
  });
}

/**
 * Creates the subgraph's database on the MySQL server when it is missing (unless migrations are
 * another step's: then the user may lack the right, and the database is that step's to create),
 * and tells whether the server is MariaDB: TypeORM reads MariaDB's catalogue differently (column
 * defaults), so the driver type must say which one it talks to, or every nullable column looks changed.
 */
export async function ensureMysqlDatabase(config: Extract<DatabaseConfig, { kind: 'mysql' }>, name: string): Promise<{ mariadb: boolean }> {
  const conn = await adminConnection(config);
  try {
    if (config.migrations !== 'check') await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const [rows] = await conn.query('SELECT VERSION() AS version');
    return { mariadb: /mariadb/i.test((rows as Array<{ version: string }>)[0].version) };
  } finally {
    await conn.end();
  }
}

export async function dropMysqlDatabase(config: Extract<DatabaseConfig, { kind: 'mysql' }>, name: string): Promise<void> {
  const conn = await adminConnection(config);
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

/** True when a MySQL server answers at `config` (used by tests to pick a database). */
export async function mysqlAnswers(config: Extract<DatabaseConfig, { kind: 'mysql' }>): Promise<boolean> {
  try {
    const conn = await adminConnection(config);
    await conn.query('SELECT 1');
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

export interface DatabaseOptions {
  name: SubgraphName;
  config: DatabaseConfig;
  entities: Function[];
  migrations: Function[];
  metrics: Metrics;
  log: Logger;
}

/**
 * Opens the subgraph's own database. MySQL: creates the database when missing and runs the
 * committed migrations. SQLite (the embedded default and fallback tests): the schema is
 * synchronised from the entities, which DESIGN allows only there.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  const { config, name } = options;
  const logger = new SqlLogger(options.metrics, options.log);
  const common = {
    // Every subgraph has the outbox and job tables (X2): it may produce, consume or schedule.
    entities: [...options.entities, ...OUTBOX_ENTITIES],
    logger,
    logging: ['query', 'error', 'warn', 'migration', 'schema'] as ('query' | 'error' | 'warn' | 'migration' | 'schema')[],
    maxQueryExecutionTime: 500,
  };
  let dataSource: DataSource;
  if (config.kind === 'sqlite') {
    let database = ':memory:';
    if (config.directory !== ':memory:') {
      fs.mkdirSync(config.directory, { recursive: true });
      database = path.join(config.directory, `${SUBGRAPHS[name].database}.sqlite`);
    }
    dataSource = new DataSource({ type: 'better-sqlite3', database, enableWAL: database !== ':memory:', ...common });
  } else {
    const database = databaseName(name, config);
    let server: { mariadb: boolean };
    try {
      server = await ensureMysqlDatabase(config, database);
    } catch (error) {
      throw explainDatabaseError(config, error);
    }
    dataSource = new DataSource({
      type: server.mariadb ? 'mariadb' : 'mysql',
      host: config.host,
      port: config.port,
      username: config.user,
      password: config.password,
      database,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      connectTimeout: 5000,
      poolSize: 10,
      migrations: options.migrations,
      migrationsRun: config.migrations !== 'check',
      migrationsTransactionMode: 'each',
      ...common,
    });
  }
  try {
    await dataSource.initialize();
    if (config.kind === 'sqlite') {
      // SQLite spells MySQL's binary collation BINARY (its default): translate, then synchronise.
      for (const entity of dataSource.entityMetadatas) {
        for (const column of entity.columns) if (column.collation === CASE_SENSITIVE) column.collation = 'BINARY';
      }
      await dataSource.synchronize();
      serializeSqlite(dataSource);
    } else if (config.migrations === 'check') {
      const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
      if (pending.length > 0) {
        throw new StartupError(
          `${describeDatabase(config)}: ${databaseName(name, config)} lacks ${pending.length} migration(s) (${pending.map((m) => m.name).join(', ')}); run them first (node dist/scripts/migrate.js with a user allowed DDL: docker-compose's migrate service), or unset DATABASE_MIGRATIONS to let this process run them.`,
        );
      }
    }
    if (tracingActive()) {
      // Added once the schema is in place: migrations run outside any request.
      const attributes: Attributes =
        config.kind === 'sqlite'
          ? { 'db.system.name': 'sqlite', 'db.namespace': SUBGRAPHS[name].database }
          : { 'db.system.name': dataSource.options.type, 'db.namespace': databaseName(name, config), 'server.address': config.host, 'server.port': config.port };
      dataSource.subscribers.push(new SqlSpans(attributes));
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    if (error instanceof StartupError) throw error;
    throw explainDatabaseError(config, error);
  }
  return dataSource;
}

/**
 * SQLite through TypeORM's better-sqlite3 driver runs every query on one shared connection: a
 * second `transaction()` started while the first awaits becomes a SAVEPOINT inside it, and a
 * lone query lands inside whatever transaction is open, so concurrent requests would commit or
 * roll back each other's work. The embedded default therefore runs one transaction at a time:
 * a transaction holds a mutex from BEGIN to COMMIT, its own queries pass (they run in its async
 * context), and every other query waits its turn. (MySQL has a pool and real isolation; this is
 * SQLite only.) TypeORM's implicit transactions of `save`/`remove` would bypass this, so the
 * code writes with insert/update/delete.
 */
function serializeSqlite(dataSource: DataSource): void {
  let tail: Promise<void> = Promise.resolve();
  const holder = new AsyncLocalStorage<true>();
  const exclusive = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run);
    tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as { query: unknown }).query = (...args: unknown[]) => (holder.getStore() ? query(...args) : exclusive(() => query(...args)));
  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as { transaction: unknown }).transaction = (...args: unknown[]) =>
    holder.getStore() ? transaction(...args) : exclusive(() => holder.run(true, () => transaction(...args)));
}

/** Readiness: the database answers a trivial statement. */
export async function databaseAnswers(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** What the database lacks compared with the entities (empty when migrations are complete). */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((q) => q.query),
    down: sql.downQueries.map((q) => q.query).reverse(),
  };
}

/**
 * Inserts rows and leaves the objects as they were. TypeORM's own `insert` reads back the
 * columns that have database defaults and writes them into the objects raw (a MySQL boolean
 * comes back as 1, and multi-row inserts on SQLite can assign the values to the wrong objects),
 * so code that goes on using the objects it inserted inserts them through this.
 */
export async function insertRows<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: T | T[]): Promise<void> {
  const list = Array.isArray(rows) ? rows : [rows];
  if (list.length === 0) return;
  await manager.createQueryBuilder().insert().into(entity).values(list as QueryDeepPartialEntity<T>[]).updateEntity(false).execute();
}

/** True for a unique or primary key violation, on MySQL/MariaDB and SQLite alike. */
export function isDuplicateKey(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e?.driverError?.code ?? e?.code;
  const errno = e?.driverError?.errno ?? e?.errno;
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * True when MySQL gave up a statement over row locks another transaction held: a deadlock it
 * broke (1213) or a lock wait that timed out (1205). The statement did nothing; trying again is safe.
 */
export function isLockConflict(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e?.driverError?.code ?? e?.code;
  const errno = e?.driverError?.errno ?? e?.errno;
  return code === 'ER_LOCK_DEADLOCK' || errno === 1213 || code === 'ER_LOCK_WAIT_TIMEOUT' || errno === 1205;
}

/**
 * True for a duplicate-key error on the unique key of exactly these columns of the entity:
 * MySQL and MariaDB name the index ("… for key 'name'" or "'table.name'"), taken here from the
 * entity's metadata; SQLite lists the columns ("UNIQUE constraint failed: table.a, table.b").
 * Lets a caller retry one collision (a random code drawn twice) without mistaking another
 * (the same unit issued twice) for it.
 */
export function isDuplicateKeyOn(error: unknown, entity: EntityMetadata, columns: readonly string[]): boolean {
  if (!isDuplicateKey(error)) return false;
  const e = error as { message?: string; driverError?: { message?: string; sqlMessage?: string } };
  const message = e.driverError?.sqlMessage ?? e.driverError?.message ?? e.message ?? '';
  const sqlite = /UNIQUE constraint failed: (.*)$/.exec(message);
  if (sqlite) return sqlite[1].trim() === columns.map((c) => `${entity.tableName}.${c}`).join(', ');
  const sameColumns = (keyColumns: Array<{ databaseName: string }>) =>
    keyColumns.length === columns.length && keyColumns.every((c, i) => c.databaseName === columns[i]);
  const names = [...entity.indices.filter((i) => i.isUnique), ...entity.uniques].filter((k) => sameColumns(k.columns)).map((k) => k.name);
  return names.some((name) => message.endsWith(`'${name}'`) || message.endsWith(`.${name}'`));
}
