import { In, type DataSource, type Repository } from 'typeorm';
import { canReadAccount, type Identity } from '../../../kernel/identity';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { maskEmail, maskPhone } from './account.masking';
import { Account } from './account.entity';

/** Owns the accounts table: reads for the graph now; registration, merges and support changes later. */
export class AccountService {
  private readonly accounts: Repository<Account>;

  constructor(dataSource: DataSource, _deps: ServiceDeps) {
    this.accounts = dataSource.getRepository(Account);
  }

  canSee(identity: Identity, accountId: string): boolean {
    return canReadAccount(identity, accountId);
  }

  /**
   * Analysts read the graph without personal data: they see e-mail and phone masked. The
   * holder and support agents see them in full.
   */
  private masked(identity: Identity, account: Account): boolean {
    return identity.accountId !== account.id && !identity.roles.includes('support');
  }

  visibleEmail(identity: Identity, account: Account): string {
    return this.masked(identity, account) ? maskEmail(account.email) : account.email;
  }

  visiblePhone(identity: Identity, account: Account): string | null {
    if (!account.phone) return null;
    return this.masked(identity, account) ? maskPhone(account.phone) : account.phone;
  }

  /** One statement for any number of ids (behind the per-request DataLoader). */
  findByIds(ids: readonly string[]): Promise<Account[]> {
    return this.accounts.findBy({ id: In([...ids]) });
  }
}
