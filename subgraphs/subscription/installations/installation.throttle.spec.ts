import { decide, type ThrottleState } from '../../../kernel/throttle/throttle-policy';
import { installationThrottlePolicy } from './installation.throttle';

describe('the throttle of registerInstallation (S2)', () => {
  it('counts per client address: five wrong codes free, then waits from 1 s, a lock of 15 minutes at the 30th', () => {
    const rule = installationThrottlePolicy({}).keys.address;
    expect(rule).toMatchObject({ freeAttempts: 5, maxDelaySeconds: 60, lockAfter: 30, lockMinutes: 15, windowMinutes: 15, onSuccess: 'refund' });
    const now = new Date('2026-11-18T15:00:00Z');
    let state: ThrottleState | null = null;
    for (let i = 0; i < 6; i++) {
      const d = decide(state, rule, now);
      expect(d.allowed).toBe(true);
      if (d.allowed) state = d.next;
    }
    expect(decide(state, rule, now)).toEqual({ allowed: false, waitMs: 1000 });
  });

  it('takes its numbers from the environment', () => {
    const rule = installationThrottlePolicy({ INSTALLATION_FREE_FAILURES: '20', INSTALLATION_LOCK_AFTER_PER_ADDRESS: '100', INSTALLATION_LOCK_MINUTES: '60' }).keys.address;
    expect(rule).toMatchObject({ freeAttempts: 20, lockAfter: 100, lockMinutes: 60 });
    expect(() => installationThrottlePolicy({ INSTALLATION_FREE_FAILURES: 'many' })).toThrow(/INSTALLATION_FREE_FAILURES/);
  });
});
