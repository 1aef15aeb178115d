import { In, type DataSource, type Repository } from 'typeorm';
import type { ServiceDeps } from '../../kernel/subgraph';
import { Account } from './account.entity';

/** Owns the accounts table: reads for the graph now; registration, merges and support changes later. */
export class AccountService {
  private readonly accounts: Repository<Account>;

  constructor(dataSource: DataSource, _deps: ServiceDeps) {
    this.accounts = dataSource.getRepository(Account);
  }

  /** One statement for any number of ids (behind the per-request DataLoader). */
  findByIds(ids: readonly string[]): Promise<Account[]> {
    return this.accounts.findBy({ id: In([...ids]) });
  }
}
