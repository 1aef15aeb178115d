import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** A fresh 6-digit code. */
export function newPhoneCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The stored form of a code: a hash bound to its verification, so equal codes hash apart. */
export function hashPhoneCode(verificationId: string, code: string): string {
  return createHash('sha256').update(`${verificationId}:${code}`).digest('hex');
}

/** Compares a typed code with the stored hash in constant time. Awaited like every secret check. */
export async function phoneCodeMatches(verificationId: string, code: string, codeHash: string): Promise<boolean> {
  return /^\d{6}$/.test(code) && timingSafeEqual(Buffer.from(hashPhoneCode(verificationId, code), 'hex'), Buffer.from(codeHash, 'hex'));
}
