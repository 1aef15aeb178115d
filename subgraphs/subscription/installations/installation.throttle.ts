import { intFromEnv, type Env } from '../../../kernel/config';
import type { ThrottlePolicy } from '../../../kernel/throttle/throttle-policy';

/**
 * S2: the apps register a device with nothing but the activation code, so anyone may call; a
 * code is a secret worth guessing (it opens a paid license). Attempts are counted per client
 * address: five free, then waits of 1, 2, 4 … 60 s, and a lock of 15 minutes after 30 within 15
 * minutes. An attempt whose code was right gives its slot back (`refund`), whatever came of it
 * (a full license, an expired one), so an office that activates many devices behind one
 * address is slowed down only by the codes it gets wrong.
 */
export function installationThrottlePolicy(env: Env): ThrottlePolicy<'address'> {
  return {
    scope: 'installation',
    keys: {
      address: {
        freeAttempts: intFromEnv(env, 'INSTALLATION_FREE_FAILURES', 5, 1, 1000),
        maxDelaySeconds: 60,
        lockAfter: intFromEnv(env, 'INSTALLATION_LOCK_AFTER_PER_ADDRESS', 30, 2, 100_000),
        lockMinutes: intFromEnv(env, 'INSTALLATION_LOCK_MINUTES', 15, 1, 24 * 60),
        windowMinutes: 15,
        onSuccess: 'refund',
      },
    },
  };
}
