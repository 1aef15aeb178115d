import { intFromEnv, type Env } from '../../../kernel/config';
import type { ThrottlePolicy } from '../../../kernel/throttle/throttle-policy';

/**
 * A3: password checks are counted per identifier (the e-mail or phone as typed, normalised, so
 * an unknown one behaves like a known one) and per client address: three free, then waits of
 * 1, 2, 4 … 60 s, then a lock of 15 minutes after 10 of an identifier or 50 of an address. A
 * lock lasts `SIGN_IN_LOCK_MINUTES` at most, so a stranger who fails on purpose holds an account
 * back for minutes, not days; the address key, with its own threshold, is what stops one client
 * trying many accounts. A success clears the identifier and gives the address its slot back.
 */
export function signInThrottlePolicy(env: Env): ThrottlePolicy<'address' | 'identifier'> {
  const free = intFromEnv(env, 'SIGN_IN_FREE_FAILURES', 3, 1, 100);
  const lockMinutes = intFromEnv(env, 'SIGN_IN_LOCK_MINUTES', 15, 1, 24 * 60);
  const common = { freeAttempts: free, maxDelaySeconds: 60, lockMinutes, windowMinutes: 15 };
  return {
    scope: 'sign-in',
    // The address first: it is the key many attempts share, so racing writers meet there first.
    keys: {
      address: { ...common, lockAfter: intFromEnv(env, 'SIGN_IN_LOCK_AFTER_PER_ADDRESS', 50, 2, 100_000), onSuccess: 'refund' },
      identifier: { ...common, lockAfter: intFromEnv(env, 'SIGN_IN_LOCK_AFTER', 10, 2, 1000), onSuccess: 'clear' },
    },
  };
}
