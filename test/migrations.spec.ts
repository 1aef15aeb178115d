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

  it('A1: the CanonicalEmails migration converts existing addresses; MySQL then compares them byte for byte, like SQLite', async () => {
    const own = testDatabaseConfig();
    const definition = SUBGRAPH_DEFINITIONS.account;
    const open = (migrations: Function[]) => openDatabase({ name: 'account', config: own, entities: definition.entities, migrations, metrics: new Metrics('a'), log: createLogger('a', 'silent') });
    try {
      const before = await open(definition.migrations.slice(0, -1));
      const rows: Array<[string, string]> = [
        ['a1', 'ｄana@example.com'], // fullwidth d: one address with dana@ (A1), which is not here
        ['a2', 'x@xn--exmple-cua.com'], // the ASCII form of the domain: stored in its Unicode form
        ['a3', 'x@exämple.com'], // already canonical: a2 cannot take it and stays as it was
        ['a4', 'd\u0430na@example.com'], // a Cyrillic а among Latin letters: not an address by A1, left
        ['a5', 'merged-a5@closed.invalid'],
      ];
      for (const [id, email] of rows) await before.query('INSERT INTO `accounts` (`id`, `email`, `createdAt`) VALUES (?, ?, ?)', [id, email, new Date()]);
      await before.destroy();
      const after = await open(definition.migrations);
      const emails = Object.fromEntries((await after.query('SELECT `id`, `email` FROM `accounts` ORDER BY `id`')).map((r: any) => [r.id, r.email]));
      expect(emails).toEqual({ a1: 'dana@example.com', a2: 'x@xn--exmple-cua.com', a3: 'x@exämple.com', a4: 'd\u0430na@example.com', a5: 'merged-a5@closed.invalid' });
      // Byte for byte: addresses utf8mb4_unicode_ci took for one are two, as on SQLite.
      await after.query('INSERT INTO `accounts` (`id`, `email`, `createdAt`) VALUES (?, ?, ?), (?, ?, ?)', ['b1', 'dána@example.com', new Date(), 'b2', 'strasse@example.com', new Date()]);
      await expect(after.query('INSERT INTO `accounts` (`id`, `email`, `createdAt`) VALUES (?, ?, ?)', ['b3', 'dana@example.com', new Date()])).rejects.toThrow(/Duplicate/);
      await after.destroy();
    } finally {
      await dropTestDatabases(own);
    }
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
