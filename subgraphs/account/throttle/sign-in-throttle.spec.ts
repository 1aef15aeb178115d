import { delayAfter, throttleKeys, throttlePolicyFromEnv } from './sign-in-throttle';

describe('A3 sign-in throttling rules', () => {
  const policy = throttlePolicyFromEnv({});

  it('lets three failures go free, then doubles the wait from one second, up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10, 20].map((n) => delayAfter(n, policy))).toEqual([0, 0, 0, 1, 2, 4, 8, 60, 60]);
  });

  it('locks an identifier after 10 failures and an address after 50, for 15 minutes by default', () => {
    expect(policy).toMatchObject({ lockAfterPerIdentifier: 10, lockAfterPerAddress: 50, lockMinutes: 15 });
    expect(throttlePolicyFromEnv({ SIGN_IN_LOCK_MINUTES: '5' }).lockMinutes).toBe(5);
  });

  it('keys identifiers by hash: no e-mail address is stored with the counts', () => {
    const keys = throttleKeys('dana@example.com', '203.0.113.7');
    expect(keys.identifier).toMatch(/^id:[0-9a-f]{64}$/);
    expect(keys.identifier).not.toContain('dana');
    expect(keys.address).toBe('ip:203.0.113.7');
  });
});
