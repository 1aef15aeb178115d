import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES, databaseConfig, type SubgraphName } from '../kernel/config';
import { createLogger } from '../kernel/logger';
import { Metrics } from '../kernel/metrics';
import { databaseName, dropMysqlDatabase, openDatabase, pendingSchemaChanges } from '../kernel/db';
import { PROJECT_ROOT } from '../kernel/paths';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';

/**
 * `npm run migration:generate -- <Name>`: for each subgraph, runs its committed migrations on a
 * scratch MySQL database, diffs the result against the entities and writes what is missing as a
 * new migration (then rewrites migrations/index.ts). MySQL only: SQLite is synchronised.
 * Uses DATABASE_URL, or mysql://root@127.0.0.1:3306.
 */
async function main(): Promise<void> {
  const name = (process.argv[2] ?? '').replace(/[^A-Za-z0-9]/g, '');
  if (!name) throw new Error('Usage: npm run migration:generate -- <Name>, e.g. AddRefundReason');
  const base = databaseConfig({ DATABASE_URL: process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306' });
  if (base.kind !== 'mysql') throw new Error('migrations are generated against MySQL');
  const config = { ...base, databasePrefix: `migrationgen_${process.pid}_` };
  const log = createLogger('migrations', 'warn');
  const stamp = Date.now();
  for (const subgraph of SUBGRAPH_NAMES) {
    const definition = SUBGRAPH_DEFINITIONS[subgraph];
    const dataSource = await openDatabase({ name: subgraph, config, entities: definition.entities, migrations: definition.migrations, metrics: new Metrics('migrations'), log });
    try {
      const { up, down } = await pendingSchemaChanges(dataSource);
      if (up.length === 0) {
        console.log(`${subgraph}: schema matches the migrations`);
        continue;
      }
      writeMigration(subgraph, `${name}${stamp}`, up, down);
    } finally {
      await dataSource.destroy();
      await dropMysqlDatabase(config, databaseName(subgraph, config));
    }
  }
}

function writeMigration(subgraph: SubgraphName, className: string, up: string[], down: string[]): void {
  const dir = path.join(PROJECT_ROOT, 'subgraphs', subgraph, 'migrations');
  const file = `${className.replace(/(\d+)$/, '')}.${className.match(/(\d+)$/)![1]}.ts`;
  const lines = (queries: string[]) => queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  fs.writeFileSync(
    path.join(dir, file),
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`,
  );
  const classes = fs
    .readdirSync(dir)
    .filter((f) => /^\w+\.\d+\.ts$/.test(f))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((f) => ({ module: `./${f.replace(/\.ts$/, '')}`, cls: `${f.split('.')[0]}${f.split('.')[1]}` }));
  fs.writeFileSync(
    path.join(dir, 'index.ts'),
    `// Written by npm run migration:generate: the committed MySQL migrations of this subgraph, in order.\n` +
      classes.map((c) => `import { ${c.cls} } from '${c.module}';`).join('\n') +
      `\n\nexport const migrations: Function[] = [${classes.map((c) => c.cls).join(', ')}];\n`,
  );
  console.log(`${subgraph}: wrote migrations/${file}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
