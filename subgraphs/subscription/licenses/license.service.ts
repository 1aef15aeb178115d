import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import { BillingPeriod, termEnd } from '../../../kernel/billing-period';
import type { Clock } from '../../../kernel/clock';
import { isDuplicateKeyOn } from '../../../kernel/db';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import { canReadAccount, canReadOrder, isStaff, type Identity } from '../../../kernel/identity';
import type { Logger } from '../../../kernel/logger';
import type { ServiceDeps } from '../../../kernel/subgraph';
import type { LicenseHolding, OrderConfirmed } from '../../events';
import { Installation } from '../installations/installation.entity';
import { LICENSE_KEYS, License, LicenseState, PurchaseChannel, licenseState } from './license.entity';
import { randomLicenseCodes, type LicenseCodeSource } from './license-codes';
import { LicenseTerm } from './license-term.entity';

/** Fresh draws of serial numbers and activation codes before giving up on a batch. */
const MAX_CODE_DRAWS = 5;
/** Licenses written per INSERT statement. */
const INSERT_BATCH = 100;

/** What issuing the licenses of a confirmed order did. */
export interface IssueOutcome {
  /** Licenses written now. */
  issued: number;
  /** Units of the order's lines that already had their license (an earlier delivery, a re-sent event). */
  alreadyIssued: number;
}

/**
 * Another delivery is issuing the same order's licenses at this very moment (its rows hold the
 * unique key of a unit). The event fails this time; its retry finds the units issued and
 * records the event as handled.
 */
export class ConcurrentIssue extends Error {
  constructor(orderId: string) {
    super(`the licenses of order ${orderId} are being issued by another delivery; retrying`);
    this.name = 'ConcurrentIssue';
  }
}

/** Soonest expiry first, perpetual licenses (no expiry) last, then by id: the same on MySQL and SQLite. */
function bySoonestExpiry(query: SelectQueryBuilder<License>): SelectQueryBuilder<License> {
  return query
    .orderBy('CASE WHEN l.expiresAt IS NULL THEN 1 ELSE 0 END', 'ASC')
    .addOrderBy('l.expiresAt', 'ASC')
    .addOrderBy('l.id', 'ASC');
}

/** Owns licenses, their terms and installations. Reads take batches of ids: one statement each. */
export class LicenseService {
  private readonly licenses: Repository<License>;
  private readonly installations: Repository<Installation>;
  private readonly terms: Repository<LicenseTerm>;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(
    dataSource: DataSource,
    deps: Pick<ServiceDeps, 'clock' | 'log'>,
    private readonly codes: LicenseCodeSource = randomLicenseCodes,
  ) {
    this.licenses = dataSource.getRepository(License);
    this.installations = dataSource.getRepository(Installation);
    this.terms = dataSource.getRepository(LicenseTerm);
    this.clock = deps.clock;
    this.log = deps.log;
  }

  findByIds(ids: readonly string[]): Promise<License[]> {
    return this.licenses.findBy({ id: In([...ids]) });
  }

  /** Licenses of the accounts, soonest expiry first, perpetual ones last. */
  ofAccounts(accountIds: readonly string[]): Promise<License[]> {
    return bySoonestExpiry(this.licenses.createQueryBuilder('l').where({ accountId: In([...accountIds]) })).getMany();
  }

  /** The licenses each order issued or extended, through their paid terms (two statements per batch). */
  async ofOrders(orderIds: readonly string[]): Promise<Array<{ orderId: string; license: License }>> {
    const terms = await this.terms.find({ select: { licenseId: true, orderId: true }, where: { orderId: In([...orderIds]) } });
    if (terms.length === 0) return [];
    const licenses = new Map((await this.findByIds([...new Set(terms.map((t) => t.licenseId))])).map((l) => [l.id, l]));
    return terms.flatMap((t) => {
      const license = licenses.get(t.licenseId);
      return license ? [{ orderId: t.orderId, license }] : [];
    });
  }

  installationsOf(licenseIds: readonly string[]): Promise<Installation[]> {
    return this.installations.find({ where: { licenseId: In([...licenseIds]) }, order: { registeredAt: 'ASC', id: 'ASC' } });
  }

  /**
   * A2: the license an activation code or a serial number (both case-sensitive) belongs to,
   * and whom it is registered to. One statement.
   */
  async lookupCode(code: string): Promise<{ licenseId: string; registeredTo: string | null } | null> {
    const license = await this.licenses.findOne({ where: [{ activationCode: code }, { serialNumber: code }] });
    return license ? { licenseId: license.id, registeredTo: license.accountId } : null;
  }

  /**
   * A2, on the event from the account subgraph: binds a free license to the account. Binding
   * it again to the same account changes nothing; a license that another registration took
   * in the meantime stays with it (the check at request time makes this a narrow race).
   */
  async bindToAccount(manager: EntityManager, licenseId: string, accountId: string): Promise<'bound' | 'already' | 'taken' | 'missing'> {
    const result = await manager
      .createQueryBuilder()
      .update(License)
      .set({ accountId })
      .where('id = :licenseId AND accountId IS NULL', { licenseId })
      .execute();
    if (result.affected === 1) return 'bound';
    const license = await manager.findOneBy(License, { id: licenseId });
    if (!license) return 'missing';
    return license.accountId === accountId ? 'already' : 'taken';
  }

  /** A6 preview: what the account holds here. */
  async holdings(accountId: string): Promise<LicenseHolding[]> {
    const licenses = await bySoonestExpiry(this.licenses.createQueryBuilder('l').where({ accountId })).getMany();
    return licenses.map((l) => ({ serialNumber: l.serialNumber, expiresAt: l.expiresAt?.toISOString() ?? null, autoRenew: l.autoRenew }));
  }

  /**
   * O1, S1, X2, on `order.confirmed`, in the consumer's transaction: one license per unit of
   * each line, with a new serial number and activation code, the line's devices and
   * Auto-Renewal choice, a first paid term from `confirmedAt` (one calendar month or year;
   * none for a perpetual license) and that term's record with the order, bound to the buyer's
   * account (a guest's stays unbound until its code is registered, A2).
   *
   * Idempotent per unit, whatever the event id: units that already have their license (the
   * unique key order item + unit) are skipped, so a re-sent or replayed event never doubles a
   * license, and one whose quantity grew issues only the missing units.
   */
  async issueForOrder(manager: EntityManager, order: OrderConfirmed): Promise<IssueOutcome> {
    if (order.lines.length === 0) return { issued: 0, alreadyIssued: 0 };
    const existing = await manager.find(License, {
      select: { id: true, orderItemId: true, orderItemUnit: true },
      where: { orderItemId: In(order.lines.map((l) => l.orderItemId)) },
    });
    const issued = new Set(existing.map((l) => `${l.orderItemId}#${l.orderItemUnit}`));
    const startsAt = new Date(order.confirmedAt);
    const fresh: License[] = [];
    for (const line of order.lines) {
      const period = line.term === null ? null : BillingPeriod[line.term];
      for (let unit = 1; unit <= line.quantity; unit++) {
        if (issued.has(`${line.orderItemId}#${unit}`)) continue;
        fresh.push(
          Object.assign(new License(), {
            id: randomUUID(),
            accountId: order.accountId,
            serialNumber: '',
            activationCode: null,
            productId: line.productId,
            productName: line.productName,
            orderId: order.orderId,
            orderNumber: order.orderNumber,
            orderAccountId: order.accountId,
            orderItemId: line.orderItemId,
            orderItemUnit: unit,
            devices: line.devices,
            startsAt,
            expiresAt: period === null ? null : termEnd(startsAt, period),
            storedState: LicenseState.ACTIVE,
            graceUntil: null,
            autoRenew: period !== null && line.autoRenew,
            billingPeriod: period,
            purchaseChannel: PurchaseChannel.STORE,
            partnerName: null,
          }),
        );
      }
    }
    for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
      const batch = fresh.slice(i, i + INSERT_BATCH);
      await this.insertWithFreshCodes(manager, order.orderId, batch);
      const terms = batch.map((l) => ({ id: randomUUID(), licenseId: l.id, orderId: order.orderId, startsAt: l.startsAt, expiresAt: l.expiresAt }));
      await manager.createQueryBuilder().insert().into(LicenseTerm).values(terms).updateEntity(false).execute();
    }
    return { issued: fresh.length, alreadyIssued: existing.length };
  }

  /**
   * Writes a batch with newly drawn codes. A drawn serial number or activation code that is
   * already taken fails the statement alone (MySQL and SQLite keep the transaction), so the
   * whole batch is drawn again. Rare: with a million licenses out, about one activation code in
   * a billion collides (a serial number far less often).
   */
  private async insertWithFreshCodes(manager: EntityManager, orderId: string, batch: License[]): Promise<void> {
    for (let draw = 1; ; draw++) {
      for (const license of batch) {
        license.serialNumber = this.codes.serialNumber();
        license.activationCode = this.codes.activationCode();
      }
      try {
        // updateEntity(false): TypeORM would otherwise copy back RETURNING rows by position, and
        // SQLite returns them in any order (ids swapped between objects); nothing is needed back.
        await manager.createQueryBuilder().insert().into(License).values(batch).updateEntity(false).execute();
        return;
      } catch (error) {
        const entity = manager.connection.getMetadata(License);
        if (isDuplicateKeyOn(error, entity, LICENSE_KEYS.orderItemUnit)) throw new ConcurrentIssue(orderId);
        if (!isDuplicateKeyOn(error, entity, LICENSE_KEYS.serialNumber) && !isDuplicateKeyOn(error, entity, LICENSE_KEYS.activationCode)) throw error;
        if (draw >= MAX_CODE_DRAWS) throw new Error(`no free serial number or activation code after ${draw} draws for order ${orderId}`);
        this.log.warn({ orderId, draw }, 'a drawn license code was taken: drawing again');
      }
    }
  }

  /** A6, on the event: every license of the merged account moves to the surviving one. */
  async moveAccount(manager: EntityManager, from: string, to: string): Promise<number> {
    const result = await manager.update(License, { accountId: from }, { accountId: to });
    // The order subgraph moves B's orders on the same event: the buyer kept here follows, so
    // License.order stays visible to exactly those who may read the order.
    await manager.update(License, { orderAccountId: from }, { orderAccountId: to });
    return result.affected ?? 0;
  }

  /**
   * Who sees a license: the account it is registered to, staff, and the holder of the token of
   * the order that issued it (O8: Quick Order Lookup, or the confirmation of a guest's order).
   * A guest's license no account holds yet is seen by that token and by staff only.
   */
  visibleTo(identity: Identity, license: License): boolean {
    if (identity.orderId && license.orderId === identity.orderId) return true;
    return license.accountId !== null ? canReadAccount(identity, license.accountId) : isStaff(identity);
  }

  /**
   * Who may change a license (S2 removing an installation, S4 the Auto-Renewal Plan): the account
   * it is registered to, and the holder of the token of an order that issued or extended it (O8:
   * Quick Order Lookup), as the help pages offer "Cancel Auto-Renewal" from the order. Staff read
   * licenses but do not change them for the customer. The license comes back locked for the
   * caller's transaction (MySQL; SQLite runs one transaction at a time), or null when the caller
   * may not change it, which callers answer exactly as a license that does not exist (NOT_FOUND).
   */
  async findChangeable(manager: EntityManager, identity: Identity, licenseId: string): Promise<License | null> {
    const license = await lockForUpdate(manager.connection, manager.createQueryBuilder(License, 'l').where('l.id = :licenseId', { licenseId })).getOne();
    if (!license) return null;
    if (identity.accountId !== null && license.accountId === identity.accountId) return license;
    if (!identity.orderId) return null;
    if (license.orderId === identity.orderId) return license;
    const paidTerm = await manager.findOne(LicenseTerm, { select: { id: true }, where: { licenseId: license.id, orderId: identity.orderId } });
    return paidTerm ? license : null;
  }

  /**
   * X1: `License.order` from what `order.confirmed` said, for whoever may read that order
   * (canReadOrder, the order subgraph's own rule, applied to the buyer kept with the license):
   * a guest's order stays hidden from the account that later registered its code, as before.
   */
  orderOf(identity: Identity, license: License): { id: string; number?: string } | null {
    if (!license.orderId) return null;
    if (!canReadOrder(identity, { id: license.orderId, accountId: license.orderAccountId })) return null;
    return license.orderNumber === null ? { id: license.orderId } : { id: license.orderId, number: license.orderNumber };
  }

  stateOf(license: License): LicenseState {
    return licenseState(license, this.clock.now());
  }
}
