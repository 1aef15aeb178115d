import 'reflect-metadata';
import { SUBGRAPH_NAMES, databaseConfig, describeDatabase, type SubgraphName } from '../kernel/config';
import { databaseName, openDatabase } from '../kernel/db';
import { StartupError } from '../kernel/errors';
import { createLogger } from '../kernel/logger';
import { Metrics } from '../kernel/metrics';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';

/**
 * `node dist/scripts/migrate.js [subgraph…]` (`npm run migrate`): creates each subgraph's
 * database on the MySQL server in DATABASE_URL when missing and runs its committed migrations,
 * then exits. It is the step that needs DDL, so that the subgraphs themselves can run with a
 * user allowed only SELECT, INSERT, UPDATE and DELETE on their own database
 * (DATABASE_MIGRATIONS=check): docker-compose's `migrate` service, as the `migrator` user.
 */
async function main(): Promise<void> {
  const config = databaseConfig(process.env);
  if (config.kind !== 'mysql') throw new StartupError('DATABASE_URL must be a mysql:// URL: on the embedded SQLite default each subgraph synchronises its own schema.');
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(SUBGRAPH_NAMES as string[]).includes(name));
  if (unknown.length > 0) throw new StartupError(`unknown subgraph ${unknown.join(', ')}: name some of ${SUBGRAPH_NAMES.join(', ')}, or none for all.`);
  const log = createLogger('migrate');
  for (const name of (asked.length > 0 ? asked : SUBGRAPH_NAMES) as SubgraphName[]) {
    const definition = SUBGRAPH_DEFINITIONS[name];
    const dataSource = await openDatabase({
      name,
      // Whatever DATABASE_MIGRATIONS says for the subgraphs, this step is the one that runs them.
      config: { ...config, migrations: undefined },
      entities: definition.entities,
      migrations: definition.migrations,
      metrics: new Metrics('migrate'),
      log,
    });
    await dataSource.destroy();
    log.info({ subgraph: name, database: databaseName(name, config) }, 'migrations applied');
  }
  log.info({ server: describeDatabase(config) }, 'databases up to date');
}

main().catch((error: Error) => {
  console.error(error instanceof StartupError ? error.message : `migrations failed: ${error.message}`);
  process.exit(1);
});
