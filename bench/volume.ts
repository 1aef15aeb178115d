import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BillingPeriod } from '../kernel/billing-period';
import type { SubgraphName } from '../kernel/config';
import { Account, AccountStatus } from '../subgraphs/account/accounts/account.entity';
import { Invoice } from '../subgraphs/order/invoices/invoice.entity';
import { Order, OrderKind, OrderState } from '../subgraphs/order/orders/order.entity';
import { OrderItem } from '../subgraphs/order/orders/order-item.entity';
import { buildOrder, demoAddress } from '../subgraphs/order/orders/order.seed';
import { DEMO_CATALOG, seedCatalog } from '../subgraphs/order/catalog/catalog.seed';
import { PaymentKind } from '../subgraphs/order/orders/payment-method.type';
import { Product } from '../subgraphs/order/catalog/product.entity';
import { Refund, RefundState } from '../subgraphs/order/returns/refund.entity';
import { Installation } from '../subgraphs/subscription/installations/installation.entity';
import { License, LicenseState, PurchaseChannel } from '../subgraphs/subscription/licenses/license.entity';
import { LicenseTerm } from '../subgraphs/subscription/licenses/license-term.entity';

/**
 * Writes accounts that each hold `licenses` licenses and `orders` orders (with items, invoices,
 * a refund on every fifth order, and an installation per license) straight into the three
 * subgraphs' databases, in bulk (multi-row INSERTs, 500 accounts at a time). Used by the N+1
 * test and the benchmark.
 */
export interface VolumeSpec {
  accounts: number;
  licenses: number;
  orders: number;
  /** Distinguishes runs: order and invoice numbers must be unique. */
  tag: string;
}

const DAY = 24 * 3600 * 1000;
/** Accounts generated and written at a time: memory stays flat whatever the volume. */
const ACCOUNTS_PER_BATCH = 500;
/** Bound parameters per statement: MySQL allows 65,535. */
const MAX_PARAMETERS = 60_000;

/**
 * Multi-row INSERTs: on MySQL one statement per up to 60,000 values, built from the entity's
 * column metadata (TypeORM's insert builder spends more time building a statement this size than
 * MySQL takes to run it); on SQLite, TypeORM's insert in chunks.
 */
async function bulkInsert<T extends object>(dataSource: DataSource, entity: new () => T, rows: T[]): Promise<void> {
  if (rows.length === 0) return;
  const type = dataSource.options.type;
  if (type !== 'mysql' && type !== 'mariadb') {
    for (let i = 0; i < rows.length; i += 500) {
      await dataSource.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + 500) as any).updateEntity(false).execute();
    }
    return;
  }
  const metadata = dataSource.getMetadata(entity);
  const columns = metadata.columns;
  const head = `INSERT INTO \`${metadata.tableName}\` (${columns.map((c) => `\`${c.databaseName}\``).join(', ')}) VALUES `;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const values: unknown[] = [];
    const tuples = rows.slice(i, i + perStatement).map((row) => {
      const marks = columns.map((column) => {
        const value = column.getEntityValue(row);
        // A column the row leaves out takes its default, as TypeORM's insert would.
        if (value === undefined) return 'DEFAULT';
        values.push(dataSource.driver.preparePersistentValue(value, column));
        return '?';
      });
      return `(${marks.join(', ')})`;
    });
    await dataSource.query(head + tuples.join(', '), values);
  }
}

export async function seedVolume(databases: Record<SubgraphName, DataSource>, spec: VolumeSpec, now: Date): Promise<string[]> {
  const products = databases.order.getRepository(Product);
  if ((await products.count()) === 0) await databases.order.transaction((tx) => seedCatalog(tx));
  const ids: string[] = [];
  let serial = 0;
  for (let first = 0; first < spec.accounts; first += ACCOUNTS_PER_BATCH) {
    const batch = await seedAccounts(databases, spec, now, first, Math.min(spec.accounts, first + ACCOUNTS_PER_BATCH), serial);
    serial = batch.serial;
    ids.push(...batch.ids);
  }
  return ids;
}

/** Accounts `from` to `to` (exclusive) with their orders and licenses; the three databases are written at once. */
async function seedAccounts(
  databases: Record<SubgraphName, DataSource>,
  spec: VolumeSpec,
  now: Date,
  from: number,
  to: number,
  firstSerial: number,
): Promise<{ ids: string[]; serial: number }> {
  const accounts: Account[] = [];
  const orders: Order[] = [];
  const items: OrderItem[] = [];
  const invoices: Invoice[] = [];
  const refunds: Refund[] = [];
  const licenses: License[] = [];
  const terms: LicenseTerm[] = [];
  const installations: Installation[] = [];
  let serial = firstSerial;
  for (let a = from; a < to; a++) {
    const accountId = randomUUID();
    accounts.push(Object.assign(new Account(), { id: accountId, email: `${spec.tag}.${a}@example.com`, phone: null, status: AccountStatus.ACTIVE, createdAt: new Date(now.getTime() - 900 * DAY) }));
    const orderIds: string[] = [];
    const orderNumbers: string[] = [];
    for (let o = 0; o < spec.orders; o++) {
      serial += 1;
      const product = DEMO_CATALOG[o % 3];
      const built = buildOrder({
        id: randomUUID(),
        number: `${spec.tag}-${serial}`.slice(0, 20),
        invoiceNumber: `I${spec.tag}-${serial}`.slice(0, 24),
        accountId,
        kind: o % 4 === 3 ? OrderKind.RENEWAL : OrderKind.PURCHASE,
        state: OrderState.COMPLETED,
        placedAt: new Date(now.getTime() - (o + 1) * 7 * DAY - a * 1000),
        productId: product.id,
        email: `${spec.tag}.${a}@example.com`,
        taxBasisPoints: 825,
        payment: { kind: PaymentKind.CARD, brand: 'Visa', last4: '4242' },
        billing: demoAddress(`Customer ${a}`),
      });
      orders.push(built.order);
      items.push(built.item);
      invoices.push(built.invoice);
      orderIds.push(built.order.id);
      orderNumbers.push(built.order.number);
      if (o % 5 === 0) {
        refunds.push(Object.assign(new Refund(), { id: randomUUID(), orderId: built.order.id, state: RefundState.REQUESTED, currency: 'USD', amountMinor: built.order.totalAmount, requestedAt: now, initiatedAt: null, expectedCreditBy: null, creditedAt: null }));
      }
    }
    for (let l = 0; l < spec.licenses; l++) {
      serial += 1;
      const licenseId = randomUUID();
      const orderId = orderIds.length ? orderIds[l % orderIds.length] : null;
      const orderNumber = orderIds.length ? orderNumbers[l % orderIds.length] : null;
      const startsAt = new Date(now.getTime() - (l + 1) * 30 * DAY);
      const expiresAt = new Date(startsAt.getTime() + 365 * DAY);
      licenses.push(Object.assign(new License(), { id: licenseId, accountId, serialNumber: `V${spec.tag}-${serial}`.slice(0, 40), activationCode: null, productId: DEMO_CATALOG[l % 3].id, productName: DEMO_CATALOG[l % 3].name, orderId, orderNumber, orderAccountId: orderId ? accountId : null, devices: 3, startsAt, expiresAt, storedState: LicenseState.ACTIVE, autoRenew: l % 2 === 0, billingPeriod: BillingPeriod.ANNUAL, purchaseChannel: PurchaseChannel.STORE, partnerName: null }));
      if (orderId) terms.push(Object.assign(new LicenseTerm(), { id: randomUUID(), licenseId, orderId, startsAt, expiresAt }));
      installations.push(Object.assign(new Installation(), { id: randomUUID(), licenseId, deviceId: `bench-device-${l}`, deviceName: `Device ${l}`, platform: 'Windows', registeredAt: startsAt }));
    }
  }
  await Promise.all([
    bulkInsert(databases.account, Account, accounts),
    (async () => {
      await bulkInsert(databases.order, Order, orders);
      await bulkInsert(databases.order, OrderItem, items);
      await bulkInsert(databases.order, Invoice, invoices);
      await bulkInsert(databases.order, Refund, refunds);
    })(),
    (async () => {
      await bulkInsert(databases.subscription, License, licenses);
      await bulkInsert(databases.subscription, LicenseTerm, terms);
      await bulkInsert(databases.subscription, Installation, installations);
    })(),
  ]);
  return { ids: accounts.map((a) => a.id), serial };
}
