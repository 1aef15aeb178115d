import { createHash } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { intFromEnv, type Env } from '../../../kernel/config';
import { isDuplicateKey } from '../../../kernel/db';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import { SignInThrottle } from './sign-in-throttle.entity';

/**
 * A3: repeated failed sign-ins are slowed down, then locked for a while, per identifier and
 * per client address. Counting per identifier (not per account) answers the same whether or
 * not an account exists. A lock lasts `lockMinutes` at most, so a stranger who fails on
 * purpose can hold an account back for minutes, not lock its owner out for long; the per
 * address key, with its own threshold, is what stops one client trying many accounts.
 */
export interface ThrottlePolicy {
  /** Failures allowed before delays start. */
  freeFailures: number;
  /** Failures within the window that lock an identifier / an address. */
  lockAfterPerIdentifier: number;
  lockAfterPerAddress: number;
  lockMinutes: number;
  /** Failures older than this are forgotten. */
  windowMinutes: number;
}

export function throttlePolicyFromEnv(env: Env): ThrottlePolicy {
  return {
    freeFailures: intFromEnv(env, 'SIGN_IN_FREE_FAILURES', 3, 1, 100),
    lockAfterPerIdentifier: intFromEnv(env, 'SIGN_IN_LOCK_AFTER', 10, 2, 1000),
    lockAfterPerAddress: intFromEnv(env, 'SIGN_IN_LOCK_AFTER_PER_ADDRESS', 50, 2, 100_000),
    lockMinutes: intFromEnv(env, 'SIGN_IN_LOCK_MINUTES', 15, 1, 24 * 60),
    windowMinutes: 15,
  };
}

/** Seconds to wait after the n-th failure: 0 while free, then 1, 2, 4 … capped at 60. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(60, 2 ** (failures - policy.freeFailures - 1));
}

/** Keys of one kind of attempt (`scope`: sign-in, or e-mail recovery), never the identifier in clear. */
export function throttleKeys(identifier: string, clientIp: string, scope = ''): { identifier: string; address: string } {
  return { identifier: `${scope}id:${createHash('sha256').update(identifier).digest('hex')}`, address: `${scope}ip:${clientIp.slice(0, 60)}` };
}

export class SignInThrottler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly policy: ThrottlePolicy,
  ) {}

  /** Seconds the caller must still wait, or 0 when a try is allowed now. */
  async waitSeconds(keys: { identifier: string; address: string }): Promise<number> {
    const now = this.clock.now().getTime();
    const rows = await this.dataSource.getRepository(SignInThrottle).findBy({ key: In([keys.identifier, keys.address]) });
    let wait = 0;
    for (const row of rows) {
      if (row.firstFailureAt.getTime() < now - this.policy.windowMinutes * 60_000 && !(row.lockedUntil && row.lockedUntil.getTime() > now)) continue;
      const lockedFor = row.lockedUntil ? row.lockedUntil.getTime() - now : 0;
      const delayFor = row.lastFailureAt.getTime() + delayAfter(row.failures, this.policy) * 1000 - now;
      wait = Math.max(wait, lockedFor, delayFor);
    }
    return Math.ceil(Math.max(0, wait) / 1000);
  }

  async recordFailure(keys: { identifier: string; address: string }, retry = true): Promise<void> {
    const now = this.clock.now();
    // Two first failures at once both insert: the loser counts again on the row that won.
    await this.countFailure(keys, now).catch((error) => {
      if (retry && isDuplicateKey(error)) return this.recordFailure(keys, false);
      throw error;
    });
  }

  private async countFailure(keys: { identifier: string; address: string }, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const [key, lockAfter] of [
        [keys.identifier, this.policy.lockAfterPerIdentifier],
        [keys.address, this.policy.lockAfterPerAddress],
      ] as const) {
        const repo = manager.getRepository(SignInThrottle);
        const row = await lockForUpdate(this.dataSource, repo.createQueryBuilder('t').where('t.key = :key', { key })).getOne();
        const fresh = !row || row.firstFailureAt.getTime() < now.getTime() - this.policy.windowMinutes * 60_000;
        const failures = fresh ? 1 : row!.failures + 1;
        const lockedUntil = failures >= lockAfter ? new Date(now.getTime() + this.policy.lockMinutes * 60_000) : fresh ? null : row!.lockedUntil;
        const values = { key, failures, firstFailureAt: fresh ? now : row!.firstFailureAt, lastFailureAt: now, lockedUntil };
        if (row) await repo.update({ key }, values);
        else await repo.insert(values);
      }
    });
  }

  /** A successful sign-in clears its identifier's count (not the address's). */
  async recordSuccess(keys: { identifier: string }): Promise<void> {
    await this.dataSource.getRepository(SignInThrottle).delete({ key: keys.identifier });
  }
}
