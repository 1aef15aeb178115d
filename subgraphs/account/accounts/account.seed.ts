import type { DataSource } from 'typeorm';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { DEMO, DEMO_PASSWORD, daysFrom, demoDay } from '../../../kernel/demo';
import { hashCostFromEnv, hashPassword } from '../passwords/password';
import { Account, AccountStatus } from './account.entity';

/** The demo accounts, written once into an empty database. */
export async function seedAccountDemo(dataSource: DataSource, { clock, env }: ServiceDeps): Promise<boolean> {
  const repo = dataSource.getRepository(Account);
  if ((await repo.count()) > 0) return false;
  const day = demoDay(clock.now());
  const cost = hashCostFromEnv(env);
  await repo.insert([
    { ...DEMO.accounts.dana, passwordHash: await hashPassword(DEMO_PASSWORD, cost), status: AccountStatus.ACTIVE, createdAt: daysFrom(day, -500) },
    { ...DEMO.accounts.sam, passwordHash: await hashPassword(DEMO_PASSWORD, cost), status: AccountStatus.ACTIVE, createdAt: daysFrom(day, -90) },
    // Staff: a support agent (A7) and an analyst (read-only, personal data masked).
    { ...DEMO.accounts.support, roles: 'support', passwordHash: await hashPassword(DEMO_PASSWORD, cost), status: AccountStatus.ACTIVE, createdAt: daysFrom(day, -900) },
    { ...DEMO.accounts.analyst, roles: 'analyst', passwordHash: await hashPassword(DEMO_PASSWORD, cost), status: AccountStatus.ACTIVE, createdAt: daysFrom(day, -900) },
  ]);
  return true;
}
