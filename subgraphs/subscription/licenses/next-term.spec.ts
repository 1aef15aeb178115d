import { LicenseState } from './license.entity';
import { nextTermStart } from './next-term';

describe('S1, S5, S7: where a renewal\'s term starts', () => {
  const expiresAt = new Date('2026-12-01T00:00:00Z');
  const active = { storedState: LicenseState.ACTIVE as const, expiresAt, graceUntil: null, autoRenew: true };

  it('renewed before expiry, the new term continues from the current expiry', () => {
    expect(nextTermStart(active, new Date('2026-11-20T10:00:00Z'))).toEqual(expiresAt);
  });

  it('renewed in grace, it continues from the expiry too (the grace days were used)', () => {
    expect(nextTermStart({ ...active, graceUntil: new Date('2026-12-06T00:00:00Z') }, new Date('2026-12-03T10:00:00Z'))).toEqual(expiresAt);
  });

  it('renewed after the lapse, the new term starts at the renewal', () => {
    const at = new Date('2027-02-10T09:30:00Z');
    expect(nextTermStart(active, at)).toEqual(at);
    expect(nextTermStart(active, expiresAt)).toEqual(expiresAt);
  });

  it('a revoked or perpetual license has no next term', () => {
    expect(() => nextTermStart({ ...active, storedState: LicenseState.REVOKED }, new Date('2026-11-20T10:00:00Z'))).toThrow(/revoked/);
    expect(() => nextTermStart({ ...active, expiresAt: null }, new Date('2026-11-20T10:00:00Z'))).toThrow(/perpetual/);
  });
});
