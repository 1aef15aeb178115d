import { randomInt } from 'node:crypto';

/**
 * Serial numbers and activation codes of licenses issued by this store (S1, A8).
 *
 * - Unguessable: every character comes from the operating system's CSPRNG (`crypto.randomInt`,
 *   which draws without modulo bias). A serial carries 16 characters (about 79 bits), an
 *   activation code 10 (about 49 bits; the codes customers type are also rate-limited, A5).
 * - Readable: the alphabet leaves out look-alikes (0/O, 1/I/L), so a code read aloud or typed
 *   from a box is typed right. Codes are upper case, but stored and compared case-sensitively
 *   (S1): "ms7q-…" is not "MS7Q-…".
 * - A store serial never starts with "T": that letter marks licenses sold by a retail partner
 *   or an internet service provider (A8, `isPartnerSerial`).
 * - Unique: the database's unique indexes decide; the issuer draws again on a collision.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** The first character of a store serial: any but "T" (A8). */
export const SERIAL_FIRST_ALPHABET = CODE_ALPHABET.replace('T', '');

/** Four groups of four, e.g. MS7Q-4K2W-9PXC-3ERA. */
export const STORE_SERIAL_PATTERN = /^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/;

/** "AC-", two characters, "-", eight characters, e.g. AC-MS-7Q4K2W9P. */
export const ACTIVATION_CODE_PATTERN = /^AC-[2-9A-HJKMNP-Z]{2}-[2-9A-HJKMNP-Z]{8}$/;

/** Draws codes; the issuer takes one as a dependency so a test can force a collision. */
export interface LicenseCodeSource {
  serialNumber(): string;
  activationCode(): string;
}

function draw(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function groups(text: string, size: number): string {
  return text.match(new RegExp(`.{1,${size}}`, 'g'))!.join('-');
}

/** The production source: CSPRNG draws in the shapes above. */
export const randomLicenseCodes: LicenseCodeSource = {
  serialNumber: () => groups(draw(SERIAL_FIRST_ALPHABET, 1) + draw(CODE_ALPHABET, 15), 4),
  activationCode: () => `AC-${draw(CODE_ALPHABET, 2)}-${draw(CODE_ALPHABET, 8)}`,
};
