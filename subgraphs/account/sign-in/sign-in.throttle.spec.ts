import { decide, delayAfter, type ThrottleState } from '../../../kernel/throttle/throttle-policy';
import { throttleKey } from '../../../kernel/throttle/throttle';
import { signInThrottlePolicy } from './sign-in.throttle';

describe('throttle rules (A3)', () => {
  const policy = signInThrottlePolicy({});
  const rule = policy.keys.identifier;
  const at = (s: number) => new Date(Date.UTC(2026, 10, 18, 15) + s * 1000);

  it('A3: lets three failures go free, then doubles the wait from one second, up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10, 20].map((n) => delayAfter(n, rule))).toEqual([0, 0, 0, 1, 2, 4, 8, 60, 60]);
  });

  it('A3: locks an identifier after 10 attempts and an address after 50, for 15 minutes by default', () => {
    expect(policy.keys.identifier).toMatchObject({ lockAfter: 10, lockMinutes: 15 });
    expect(policy.keys.address).toMatchObject({ lockAfter: 50, lockMinutes: 15 });
    expect(signInThrottlePolicy({ SIGN_IN_LOCK_MINUTES: '5' }).keys.identifier.lockMinutes).toBe(5);
  });

  it('A3: one at a time and without waiting, four attempts pass; the fifth waits a second', () => {
    let state: ThrottleState | null = null;
    const outcomes: Array<boolean> = [];
    for (let i = 0; i < 5; i++) {
      const d = decide(state, rule, at(0));
      outcomes.push(d.allowed);
      if (d.allowed) state = d.next;
      else expect(d.waitMs).toBe(1000);
    }
    expect(outcomes).toEqual([true, true, true, true, false]);
  });

  it('A3: the attempt that reaches the count locks the key, and the lock never lasts longer than configured', () => {
    let state: ThrottleState | null = null;
    let t = 0;
    for (let i = 0; i < 10; i++) {
      const d = decide(state, rule, at(t));
      expect(d.allowed).toBe(true);
      if (d.allowed) state = d.next;
      t += 61;
    }
    expect(state!.lockedUntil).toEqual(new Date(at(t - 61).getTime() + 15 * 60_000));
    const locked = decide(state, rule, at(t));
    expect(locked).toEqual({ allowed: false, waitMs: 15 * 60_000 - 61_000 });
    // When the lock ends, the window is long past: counting starts again.
    const after = decide(state, rule, new Date(state!.lockedUntil!.getTime()));
    expect(after).toMatchObject({ allowed: true, next: { attempts: 1, lockedUntil: null } });
  });

  it('forgets attempts older than the window', () => {
    const d = decide({ attempts: 4, windowStartedAt: at(0), lastAttemptAt: at(0), lockedUntil: null }, rule, at(15 * 60));
    expect(d).toMatchObject({ allowed: true, next: { attempts: 1 } });
  });

  it('keys by hash: no e-mail address or client address is stored with the counts', () => {
    const key = throttleKey('sign-in', 'identifier', 'dana@example.com');
    expect(key).toMatch(/^sign-in:identifier:[0-9a-f]{64}$/);
    expect(throttleKey('sign-in', 'address', '203.0.113.7')).not.toContain('203.0.113.7');
    expect(() => throttleKey('Sign In', 'identifier', 'x')).toThrow();
  });
});
