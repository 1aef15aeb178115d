import { randomInt } from 'node:crypto';

/** Letters and digits a customer cannot misread or mistype (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). */
const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

function pick(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * O8: a new order password, shown once and mailed with the confirmation, stored only as a slow
 * hash: three groups of four (about 56 bits of randomness; lookups are throttled).
 */
export function newOrderPassword(): string {
  return `${pick(4)}-${pick(4)}-${pick(4)}`;
}

/** How a typed order password is compared: case, spaces and dashes do not matter. */
export function normalizeOrderPassword(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * O8: the order number a customer quotes and looks the order up by: random rather than
 * sequential, so that numbers say nothing of the store's volume and cannot be walked.
 */
export function newOrderNumber(): string {
  return `CG-${String(randomInt(10_000_000, 100_000_000))}`;
}

/** How a typed order number is compared: surrounding spaces and case do not matter ("cg-12345678"). */
export function normalizeOrderNumber(typed: string): string {
  return typed.trim().toUpperCase();
}
