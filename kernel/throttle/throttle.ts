import { createHash } from 'node:crypto';
import { In, type DataSource, type Repository } from 'typeorm';
import type { Clock } from '../clock';
import { isDuplicateKey } from '../db';
import { ThrottleCount } from './throttle.entity';
import { decide, type ThrottlePolicy, type ThrottleRule, type ThrottleState } from './throttle-policy';

export type ThrottleAttempt =
  | {
      allowed: true;
      /** The secret was right: clears or refunds the counts as each key's rule says. */
      succeeded(): Promise<void>;
    }
  | { allowed: false; retryAfterSeconds: number };

/** A writer that loses a race re-reads the key and decides again; past this many rounds it waits. */
const MAX_ROUNDS = 50;

const refused = (waitMs: number): ThrottleAttempt => ({ allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) });

interface Slot {
  key: string;
  rule: ThrottleRule;
  /** The row as read (null: none yet) and the state taking the slot writes. */
  before: ThrottleCount | null;
  next: ThrottleState;
}

/**
 * Throttles guessable secrets (A3 sign-in, A5 e-mail recovery, phone codes, O8 order lookups).
 * An attempt takes its slot on every key before the secret is checked, so N attempts sent at
 * once check no more secrets than N attempts sent one by one.
 *
 * A slot is taken by a compare-and-set: the row is read, the policy decides, and the new state
 * is written by one `UPDATE … WHERE key = ? AND version = ?` (or an INSERT for a new key) whose
 * affected-row count says whether this writer won. A loser reads again and decides again. Each
 * statement is atomic on its own on MySQL/MariaDB (a row lock for the statement) and on SQLite
 * (one writer at a time), and no transaction is needed: on the embedded SQLite default TypeORM
 * shares one connection between all requests, so a read-modify-write "transaction" there is
 * not isolated from another request's statements between its awaits, while one statement is.
 * An attempt counted against several keys takes them in a fixed order (the policy's order of
 * keys), holding what it took while it retries the next; when a later key refuses it, it gives
 * back the slots it took, if no one has written them since (otherwise the count stays one too
 * high for a moment, which errs on the safe side).
 */
export class Throttle {
  private readonly rows: Repository<ThrottleCount>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.rows = dataSource.getRepository(ThrottleCount);
  }

  /** Takes one slot on every key of the policy, or none; `values` are hashed before they are stored. */
  async attempt<K extends string>(policy: ThrottlePolicy<K>, values: Record<K, string>): Promise<ThrottleAttempt> {
    const keys = (Object.keys(policy.keys) as K[]).map((kind) => ({ key: throttleKey(policy.scope, kind, values[kind]), rule: policy.keys[kind] }));
    const now = this.clock.now();
    const found = await this.rows.findBy({ key: In(keys.map((k) => k.key)) });
    // Refused on any key: nothing is written, and the answer names the longest wait.
    const waitMs = Math.max(0, ...keys.map(({ key, rule }) => decide(found.find((row) => row.key === key) ?? null, rule, now)).map((d) => (d.allowed ? 0 : d.waitMs)));
    if (waitMs > 0) return refused(waitMs);
    const taken: Slot[] = [];
    for (const { key, rule } of keys) {
      let row = found.find((r) => r.key === key) ?? null;
      for (let round = 0; ; round++) {
        const decision = decide(row, rule, this.clock.now());
        // Another attempt took the last slot first, or the race lasted too long: give back, wait.
        if (!decision.allowed || round === MAX_ROUNDS) {
          for (const slot of taken) await this.giveBack(slot);
          return refused(decision.allowed ? 1000 : decision.waitMs);
        }
        const slot = { key, rule, before: row, next: decision.next };
        if (await this.write(slot)) {
          taken.push(slot);
          break;
        }
        row = await this.rows.findOneBy({ key });
      }
    }
    return { allowed: true, succeeded: () => this.succeeded(taken) };
  }

  /** Clears one key's count (after a password reset, the owner may sign in at once). */
  async clear<K extends string>(policy: ThrottlePolicy<K>, kind: K, value: string): Promise<void> {
    await this.reset(throttleKey(policy.scope, kind, value));
  }

  private async succeeded(slots: Slot[]): Promise<void> {
    for (const slot of slots) {
      if (slot.rule.onSuccess === 'clear') await this.reset(slot.key);
      else if (slot.rule.onSuccess === 'refund') await this.refund(slot);
    }
  }

  /** The compare-and-set: true when this writer took the slot. */
  private async write({ key, before, next }: Slot): Promise<boolean> {
    if (!before) {
      try {
        await this.rows.insert({ key, ...next, version: 1 });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false; // another attempt created the row first
        throw error;
      }
    }
    const result = await this.rows.update({ key, version: before.version }, { ...next, version: before.version + 1 });
    return result.affected === 1;
  }

  /** Puts back the state before a slot was taken, unless someone wrote the row since. */
  private async giveBack({ key, before, next }: Slot): Promise<void> {
    const written = before ? before.version + 1 : 1;
    const restored: ThrottleState = before ?? { attempts: 0, windowStartedAt: next.windowStartedAt, lastAttemptAt: next.lastAttemptAt, lockedUntil: null };
    await this.rows.update({ key, version: written }, { ...pick(restored), version: written + 1 });
  }

  private async reset(key: string): Promise<void> {
    await this.rows.update({ key }, { attempts: 0, lockedUntil: null, version: () => 'version + 1' });
  }

  /**
   * Gives back the slot of a successful attempt. One statement, so it needs no retry: the lock
   * is lifted only when this slot was the one that set it. The lock is assigned before the
   * count because MySQL evaluates SET from left to right with the new values, SQLite with the
   * old ones; in this order both see the old count.
   */
  private async refund({ key, rule }: Slot): Promise<void> {
    await this.dataSource.query(
      'UPDATE `throttles` SET `lockedUntil` = CASE WHEN `attempts` - 1 < ? THEN NULL ELSE `lockedUntil` END, `attempts` = `attempts` - 1, `version` = `version` + 1 WHERE `key` = ? AND `attempts` > 0',
      [rule.lockAfter, key],
    );
  }
}

function pick(state: ThrottleState): ThrottleState {
  return { attempts: state.attempts, windowStartedAt: state.windowStartedAt, lastAttemptAt: state.lastAttemptAt, lockedUntil: state.lockedUntil };
}

/** `<scope>:<kind>:<sha256 of value>`: fixed length, and nothing personal stored. */
export function throttleKey(scope: string, kind: string, value: string): string {
  if (!/^[a-z0-9-]{1,32}$/.test(scope) || !/^[a-z0-9-]{1,16}$/.test(kind)) throw new Error(`bad throttle scope or kind: ${scope}:${kind}`);
  return `${scope}:${kind}:${createHash('sha256').update(value).digest('hex')}`;
}
