import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets handed to a customer (refresh tokens, reset links of accounts and orders): 256 random bits. Only
 * their SHA-256 is stored; a high-entropy secret needs no slow hash, and the digest lets the
 * database look one up by equality.
 */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
