import { intFromEnv, type Env } from '../../../kernel/config';
import type { ThrottlePolicy } from '../../../kernel/throttle/throttle-policy';

/**
 * O8: Quick Order Lookup is counted per identifier (the order number, or the e-mail address of
 * an e-mail + card digits lookup) and per client address, like sign-in (A3): three free, then
 * waits of 1, 2, 4 … 60 s, and a lock of 15 minutes after 10 attempts on one identifier or 50
 * from one address. An identifier's attempts are remembered for a day rather than sign-in's
 * 15 minutes: the last 5 digits of a card have only 100,000 values, so once its ten are spent
 * an e-mail address gets one more try per lock (about a hundred a day, some 500 days for an
 * even chance), while the owner, who knows the digits, is let in at the first right answer. A
 * success clears the identifier and gives the address its slot back.
 */
export function orderLookupThrottlePolicy(env: Env, scope = 'order-lookup'): ThrottlePolicy<'address' | 'identifier'> {
  const free = intFromEnv(env, 'ORDER_LOOKUP_FREE_FAILURES', 3, 1, 100);
  const lockMinutes = intFromEnv(env, 'ORDER_LOOKUP_LOCK_MINUTES', 15, 1, 24 * 60);
  const common = { freeAttempts: free, maxDelaySeconds: 60, lockMinutes };
  return {
    scope,
    // The address first: it is the key many attempts share, so racing writers meet there first.
    keys: {
      address: { ...common, lockAfter: intFromEnv(env, 'ORDER_LOOKUP_LOCK_AFTER_PER_ADDRESS', 50, 2, 100_000), windowMinutes: 15, onSuccess: 'refund' },
      identifier: { ...common, lockAfter: intFromEnv(env, 'ORDER_LOOKUP_LOCK_AFTER', 10, 2, 1000), windowMinutes: 24 * 60, onSuccess: 'clear' },
    },
  };
}
