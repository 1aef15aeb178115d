import type { DataSource } from 'typeorm';
import type { ServiceDeps } from '../../kernel/subgraph';
import { DEMO, daysFrom, demoDay } from '../../kernel/demo';
import { Account, AccountStatus } from './account.entity';

/** The demo accounts, written once into an empty database. */
export async function seedAccountDemo(dataSource: DataSource, { clock }: ServiceDeps): Promise<boolean> {
  const repo = dataSource.getRepository(Account);
  if ((await repo.count()) > 0) return false;
  const day = demoDay(clock.now());
  await repo.insert([
    { ...DEMO.accounts.dana, status: AccountStatus.ACTIVE, createdAt: daysFrom(day, -500) },
    { ...DEMO.accounts.sam, status: AccountStatus.ACTIVE, createdAt: daysFrom(day, -90) },
  ]);
  return true;
}
