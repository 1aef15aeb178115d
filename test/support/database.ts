import { randomBytes } from 'node:crypto';
import { SUBGRAPH_NAMES, databaseConfig, type DatabaseConfig } from '../../kernel/config';
import { databaseName, dropMysqlDatabase } from '../../kernel/db';
import { TEST_DATABASE_PREFIX } from './environment';

export const onMysql = (): boolean => process.env.TEST_DATABASE_KIND === 'mysql';

/** Which database a test graph runs on: the run's choice (MySQL when it answers), or in-memory SQLite. */
export type TestDatabaseKind = 'default' | 'sqlite';

/** The databases a suite that must hold on both runs against: SQLite always, MySQL when it answers. */
export const BOTH_DATABASES: Array<{ name: string; kind: TestDatabaseKind }> = onMysql()
  ? [
      { name: 'SQLite', kind: 'sqlite' },
      { name: 'MySQL', kind: 'default' },
    ]
  : [{ name: 'SQLite', kind: 'sqlite' }];

/**
 * A database configuration of this test file's own: on MySQL, a prefix no other file uses
 * (each file creates and drops its own databases); on SQLite, in memory.
 */
export function testDatabaseConfig(kind: TestDatabaseKind = 'default'): DatabaseConfig {
  if (kind === 'sqlite' || !onMysql()) return { kind: 'sqlite', directory: ':memory:' };
  const base = databaseConfig({ DATABASE_URL: process.env.TEST_DATABASE_URL });
  if (base.kind !== 'mysql') throw new Error('TEST_DATABASE_URL must be a mysql:// URL');
  // TEST_DATABASE_PREFIX names the databases of this checkout apart from another's on one server.
  return { ...base, databasePrefix: `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(3).toString('hex')}_` };
}

export async function dropTestDatabases(config: DatabaseConfig): Promise<void> {
  if (config.kind !== 'mysql') return;
  for (const name of SUBGRAPH_NAMES) await dropMysqlDatabase(config, databaseName(name, config));
}
