import { type License, LicenseState, licenseState } from './license.entity';

/**
 * S1, S5, S7: where the next paid term of a license renewed at `renewedAt` starts. Renewed while
 * ACTIVE or IN_GRACE it continues from the current expiry, so no day is lost or given twice (the
 * grace days were used, and the renewal that ends the grace pays for them); renewed once EXPIRED,
 * the new term starts at the renewal itself (nobody pays for the days it was lapsed). Either way
 * the serial number and the activation code stay.
 */
export function nextTermStart(license: Pick<License, 'storedState' | 'expiresAt'> & Partial<Pick<License, 'graceUntil' | 'autoRenew'>>, renewedAt: Date): Date {
  const state = licenseState(license, renewedAt);
  if (state === LicenseState.REVOKED) throw new Error('a revoked license is not renewed');
  if (license.expiresAt === null) throw new Error('a perpetual license has no next term');
  return state === LicenseState.EXPIRED ? renewedAt : license.expiresAt;
}
