import { isPartnerSerial } from './license.entity';
import { ACTIVATION_CODE_PATTERN, CODE_ALPHABET, STORE_SERIAL_PATTERN, randomLicenseCodes } from './license-codes';

describe('serial numbers and activation codes of store licenses (S1, A8)', () => {
  const SAMPLE = 20_000;
  const serials = Array.from({ length: SAMPLE }, () => randomLicenseCodes.serialNumber());
  const codes = Array.from({ length: SAMPLE }, () => randomLicenseCodes.activationCode());

  it('S1: a serial number is four groups of four, an activation code AC-XX-XXXXXXXX', () => {
    expect(serials.filter((s) => !STORE_SERIAL_PATTERN.test(s))).toEqual([]);
    expect(codes.filter((c) => !ACTIVATION_CODE_PATTERN.test(c))).toEqual([]);
    expect(STORE_SERIAL_PATTERN.test('MS7Q-4K2W-9PXC-3ERA')).toBe(true);
    expect(ACTIVATION_CODE_PATTERN.test('AC-MS-7Q4K2W9P')).toBe(true);
  });

  it('S1: no look-alike characters (0/O, 1/I/L) and no lower case', () => {
    expect(CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(serials.join('') + codes.join('').replace(/AC-/g, '')).not.toMatch(/[01OILa-z]/);
    // Sanity of the shape checks themselves.
    expect(STORE_SERIAL_PATTERN.test('MS7Q-4K2W-9PXC-31RA')).toBe(false);
    expect(STORE_SERIAL_PATTERN.test('ms7q-4k2w-9pxc-3era')).toBe(false);
    expect(ACTIVATION_CODE_PATTERN.test('AC-MS-7Q4K2W0P')).toBe(false);
  });

  it('A8: a store serial never starts with "T", so it is never taken for a partner license', () => {
    expect(serials.filter((s) => s.startsWith('T'))).toEqual([]);
    expect(serials.filter(isPartnerSerial)).toEqual([]);
    // "T" still appears elsewhere: only the first character is kept from it.
    expect(serials.some((s) => s.slice(1).includes('T'))).toBe(true);
  });

  it('S1: draws are unguessable in practice: no repeats in a large sample, every character used in every position', () => {
    expect(new Set(serials).size).toBe(SAMPLE);
    expect(new Set(codes).size).toBe(SAMPLE);
    for (let position = 1; position < 19; position++) {
      if (position % 5 === 4) continue; // the dashes
      const seen = new Set(serials.map((s) => s[position]));
      expect([position, seen.size]).toEqual([position, CODE_ALPHABET.length]);
    }
    expect(new Set(serials.map((s) => s[0])).size).toBe(CODE_ALPHABET.length - 1);
  });
});
