import type { DataSource } from 'typeorm';
import { SUBGRAPH_NAMES, type SubgraphName } from '../kernel/config';
import { openDatabase, pendingSchemaChanges } from '../kernel/db';
import { createLogger } from '../kernel/logger';
import { Metrics } from '../kernel/metrics';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';
import { License } from '../subgraphs/subscription/licenses/license.entity';
import { dropTestDatabases, onMysql, testDatabaseConfig } from './support/database';

/** MySQL schemas come from the committed migrations; they must match the entities exactly. */
const describeOnMysql = onMysql() ? describe : describe.skip;

describeOnMysql('committed MySQL migrations', () => {
  const config = testDatabaseConfig();
  const sources = {} as Record<SubgraphName, DataSource>;

  beforeAll(async () => {
    for (const name of SUBGRAPH_NAMES) {
      const definition = SUBGRAPH_DEFINITIONS[name];
      sources[name] = await openDatabase({ name, config, entities: definition.entities, migrations: definition.migrations, metrics: new Metrics(name), log: createLogger(name, 'silent') });
    }
  });
  afterAll(async () => {
    for (const source of Object.values(sources)) await source.destroy();
    await dropTestDatabases(config);
  });

  it.each(SUBGRAPH_NAMES)('%s: the migrations create exactly the schema of the entities (else: npm run migration:generate)', async (name) => {
    expect((await pendingSchemaChanges(sources[name])).up).toEqual([]);
  });

  it('opening again runs nothing twice', async () => {
    const definition = SUBGRAPH_DEFINITIONS.account;
    const again = await openDatabase({ name: 'account', config, entities: definition.entities, migrations: definition.migrations, metrics: new Metrics('a'), log: createLogger('a', 'silent') });
    expect(await again.showMigrations()).toBe(false);
    await again.destroy();
  });

  it('S1: serial numbers are case-sensitive on MySQL', async () => {
    const licenses = sources.subscription.getRepository(License);
    const base = { accountId: 'a', productId: 'p', orderId: null, activationCode: null, devices: 1, startsAt: new Date(), expiresAt: new Date(), storedState: 'ACTIVE', autoRenew: false, billingPeriod: 'ANNUAL', purchaseChannel: 'STORE', partnerName: null } as const;
    await licenses.insert([{ ...base, id: 'l1', serialNumber: 'abcd-1234' } as License, { ...base, id: 'l2', serialNumber: 'ABCD-1234' } as License]);
    expect((await licenses.findBy({ serialNumber: 'ABCD-1234' })).map((l) => l.id)).toEqual(['l2']);
  });
});

if (!onMysql()) {
  test('committed MySQL migrations need MySQL: skipped on the SQLite fallback', () => undefined);
}
