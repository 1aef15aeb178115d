import { In, type DataSource, type EntityManager, type Repository } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { canReadAccount, type Identity } from '../../../kernel/identity';
import type { ServiceDeps } from '../../../kernel/subgraph';
import type { LicenseHolding } from '../../events';
import { Installation } from '../installations/installation.entity';
import { License, licenseState, type LicenseState } from './license.entity';
import { LicenseTerm } from './license-term.entity';

/** Owns licenses, their terms and installations. Reads take batches of ids: one statement each. */
export class LicenseService {
  private readonly licenses: Repository<License>;
  private readonly installations: Repository<Installation>;
  private readonly terms: Repository<LicenseTerm>;
  private readonly clock: Clock;

  constructor(dataSource: DataSource, deps: ServiceDeps) {
    this.licenses = dataSource.getRepository(License);
    this.installations = dataSource.getRepository(Installation);
    this.terms = dataSource.getRepository(LicenseTerm);
    this.clock = deps.clock;
  }

  findByIds(ids: readonly string[]): Promise<License[]> {
    return this.licenses.findBy({ id: In([...ids]) });
  }

  /** Licenses of the accounts, soonest expiry first. */
  ofAccounts(accountIds: readonly string[]): Promise<License[]> {
    return this.licenses.find({ where: { accountId: In([...accountIds]) }, order: { expiresAt: 'ASC', id: 'ASC' } });
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
    const licenses = await this.licenses.find({ where: { accountId }, order: { expiresAt: 'ASC', id: 'ASC' } });
    return licenses.map((l) => ({ serialNumber: l.serialNumber, expiresAt: l.expiresAt.toISOString(), autoRenew: l.autoRenew }));
  }

  /** A6, on the event: every license of the merged account moves to the surviving one. */
  async moveAccount(manager: EntityManager, from: string, to: string): Promise<number> {
    const result = await manager.update(License, { accountId: from }, { accountId: to });
    return result.affected ?? 0;
  }

  /** A license is seen by the account it is registered to, and by staff; an unregistered one by nobody. */
  visibleTo(identity: Identity, license: License): boolean {
    return license.accountId !== null && canReadAccount(identity, license.accountId);
  }

  stateOf(license: License): LicenseState {
    return licenseState(license, this.clock.now());
  }
}
