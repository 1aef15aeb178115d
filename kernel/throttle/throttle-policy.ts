/**
 * How attempts at a guessable secret (a password, a recovery code, a phone code, an order
 * password) are limited, per key the attempt counts against. Pure rules, apart from storage.
 */
export interface ThrottleRule {
  /** Attempts within the window that need no wait. */
  freeAttempts: number;
  /** Longest wait between attempts once the free ones are spent (they double from 1 s); 0: no waits. */
  maxDelaySeconds: number;
  /** The attempt that reaches this count within the window locks the key for `lockMinutes`. */
  lockAfter: number;
  lockMinutes: number;
  /** Attempts older than this are forgotten (a lock still runs its course). */
  windowMinutes: number;
  /**
   * What a successful attempt does to its count: `clear` it (the owner proved the secret),
   * `refund` its own slot (a client address whose customers sign in should not be slowed down
   * by their successes), or `keep` it (every lookup counts).
   */
  onSuccess: 'clear' | 'refund' | 'keep';
}

/** One kind of attempt (e.g. sign-in) and the rule of each key it counts against. */
export interface ThrottlePolicy<K extends string = string> {
  /** Part of every stored key: counts of different scopes never mix. Letters, digits and dashes. */
  scope: string;
  keys: Record<K, ThrottleRule>;
}

/** The stored state of one key. */
export interface ThrottleState {
  attempts: number;
  windowStartedAt: Date;
  lastAttemptAt: Date;
  lockedUntil: Date | null;
}

/** Seconds to wait after the n-th attempt: none while free, then 1, 2, 4 … up to the rule's maximum. */
export function delayAfter(attempts: number, rule: ThrottleRule): number {
  if (attempts <= rule.freeAttempts || rule.maxDelaySeconds === 0) return 0;
  return Math.min(rule.maxDelaySeconds, 2 ** Math.min(30, attempts - rule.freeAttempts - 1));
}

export type Decision = { allowed: true; next: ThrottleState } | { allowed: false; waitMs: number };

/**
 * Whether one more attempt may be made now on a key in `state` (null: never seen), and the
 * state that taking it leaves. An attempt is counted when it is allowed, before its secret is
 * checked, so that attempts in flight at once are limited exactly like attempts one by one.
 */
export function decide(state: ThrottleState | null, rule: ThrottleRule, now: Date): Decision {
  const t = now.getTime();
  const locked = state?.lockedUntil && state.lockedUntil.getTime() > t;
  if (locked) return { allowed: false, waitMs: state!.lockedUntil!.getTime() - t };
  const fresh = !state || state.attempts === 0 || state.windowStartedAt.getTime() <= t - rule.windowMinutes * 60_000;
  if (!fresh) {
    const readyAt = state!.lastAttemptAt.getTime() + delayAfter(state!.attempts, rule) * 1000;
    if (readyAt > t) return { allowed: false, waitMs: readyAt - t };
  }
  const attempts = fresh ? 1 : state!.attempts + 1;
  return {
    allowed: true,
    next: {
      attempts,
      windowStartedAt: fresh ? now : state!.windowStartedAt,
      lastAttemptAt: now,
      // Never longer than configured: a lock starts at the attempt that reaches the count.
      lockedUntil: attempts >= rule.lockAfter ? new Date(t + rule.lockMinutes * 60_000) : null,
    },
  };
}
