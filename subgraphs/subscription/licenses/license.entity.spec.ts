import { billingContactOf, isPartnerSerial, licenseState, LicenseState, STORE_BILLING_CONTACT } from './license.entity';

describe('license state (S1) and purchase channel (A8)', () => {
  const expiresAt = new Date('2026-12-01T00:00:00Z');

  it('is ACTIVE before expiry and EXPIRED from the expiry instant on', () => {
    expect(licenseState({ storedState: LicenseState.ACTIVE, expiresAt }, new Date('2026-11-30T23:59:59Z'))).toBe(LicenseState.ACTIVE);
    expect(licenseState({ storedState: LicenseState.ACTIVE, expiresAt }, expiresAt)).toBe(LicenseState.EXPIRED);
  });

  it('S1: a perpetual license (no expiry) is ACTIVE at any date until it is revoked', () => {
    const perpetual = { storedState: LicenseState.ACTIVE as const, expiresAt: null };
    expect(licenseState(perpetual, new Date('2026-11-18T15:00:00Z'))).toBe(LicenseState.ACTIVE);
    expect(licenseState(perpetual, new Date('2126-01-01T00:00:00Z'))).toBe(LicenseState.ACTIVE);
    expect(licenseState({ ...perpetual, storedState: LicenseState.REVOKED as const }, new Date('2026-11-18T15:00:00Z'))).toBe(LicenseState.REVOKED);
  });

  it('stays REVOKED whatever the date', () => {
    expect(licenseState({ storedState: LicenseState.REVOKED, expiresAt }, new Date('2026-01-01T00:00:00Z'))).toBe(LicenseState.REVOKED);
  });

  it('A8: a serial number starting with "T" (case-sensitive) comes from a partner', () => {
    expect(isPartnerSerial('TBB9-2M4N')).toBe(true);
    expect(isPartnerSerial('tBB9-2M4N')).toBe(false);
    expect(isPartnerSerial('MS7Q-4K2W')).toBe(false);
  });

  it('A8: billing questions go to the partner named, to a partner for any "T" serial, else to the store', () => {
    expect(billingContactOf({ serialNumber: 'TBB9-2M4N', partnerName: 'Best Buy' })).toBe('Best Buy');
    expect(billingContactOf({ serialNumber: 'TISP-0001', partnerName: null })).toMatch(/retailer or internet service provider/);
    expect(billingContactOf({ serialNumber: 'MS7Q-4K2W', partnerName: null })).toBe(STORE_BILLING_CONTACT);
  });

  describe('S7: grace after a declined renewal', () => {
    const graceUntil = new Date('2026-12-06T00:00:00Z');
    const inGrace = { storedState: LicenseState.ACTIVE as const, expiresAt, graceUntil, autoRenew: true };

    it('is IN_GRACE from the expiry instant up to the end of grace (excluded), then EXPIRED', () => {
      expect(licenseState(inGrace, new Date('2026-11-30T23:59:59Z'))).toBe(LicenseState.ACTIVE);
      expect(licenseState(inGrace, expiresAt)).toBe(LicenseState.IN_GRACE);
      expect(licenseState(inGrace, new Date('2026-12-05T23:59:59.999Z'))).toBe(LicenseState.IN_GRACE);
      expect(licenseState(inGrace, graceUntil)).toBe(LicenseState.EXPIRED);
    });

    it('ends as soon as the plan is off: the grace belongs to the retries, which stop', () => {
      expect(licenseState({ ...inGrace, autoRenew: false }, new Date('2026-12-02T00:00:00Z'))).toBe(LicenseState.EXPIRED);
      expect(licenseState({ ...inGrace, autoRenew: false }, new Date('2026-11-30T00:00:00Z'))).toBe(LicenseState.ACTIVE);
    });

    it('gives no grace when none is recorded, or when it ends at or before the expiry', () => {
      expect(licenseState({ ...inGrace, graceUntil: null }, expiresAt)).toBe(LicenseState.EXPIRED);
      expect(licenseState({ ...inGrace, graceUntil: expiresAt }, expiresAt)).toBe(LicenseState.EXPIRED);
      expect(licenseState({ ...inGrace, graceUntil: new Date('2026-11-01T00:00:00Z') }, expiresAt)).toBe(LicenseState.EXPIRED);
    });

    it('a revoked license is REVOKED during what would have been its grace; a perpetual one is never in grace', () => {
      expect(licenseState({ ...inGrace, storedState: LicenseState.REVOKED }, new Date('2026-12-02T00:00:00Z'))).toBe(LicenseState.REVOKED);
      expect(licenseState({ ...inGrace, expiresAt: null }, new Date('2026-12-02T00:00:00Z'))).toBe(LicenseState.ACTIVE);
    });
  });
});
