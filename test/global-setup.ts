import { databaseConfig } from '../kernel/config';
import { mysqlAnswers } from '../kernel/db';

/**
 * Picks the database of the database suites once per run. MySQL/MariaDB when it answers at
 * TEST_DATABASE_URL (default mysql://root@127.0.0.1:3306); otherwise SQLite, said loudly —
 * unless REQUIRE_MYSQL=1 (CI), where an unreachable MySQL fails the run.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306';
  const config = databaseConfig({ DATABASE_URL: url });
  if (config.kind === 'mysql' && (await mysqlAnswers(config))) {
    process.env.TEST_DATABASE_URL = url;
    process.env.TEST_DATABASE_KIND = 'mysql';
    console.log(`\nDatabase suites run on MySQL at ${config.host}:${config.port}.`);
    return;
  }
  if (process.env.REQUIRE_MYSQL === '1') {
    throw new Error(`REQUIRE_MYSQL=1 but no MySQL answers at ${url.replace(/:[^:@/]*@/, ':***@')}.`);
  }
  process.env.TEST_DATABASE_KIND = 'sqlite';
  console.log(`\nNo MySQL answers at ${url}: database suites fall back to in-memory SQLite.`);
}
