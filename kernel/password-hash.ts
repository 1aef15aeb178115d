import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { intFromEnv, type Env } from './config';

/**
 * Secrets a person types (account passwords, A1; order passwords, O8) are stored only as a
 * salted scrypt hash.
 */
/** scrypt work factor: N = 2^15 by default (about 32 MiB and tens of milliseconds per hash). */
export interface HashCost {
  logN: number;
  r: number;
  p: number;
}

/** PASSWORD_HASH_LOG_N sets the cost of every such hash in a process. */
export function hashCostFromEnv(env: Env): HashCost {
  return { logN: intFromEnv(env, 'PASSWORD_HASH_LOG_N', 15, 10, 20), r: 8, p: 1 };
}

function scrypt(password: string, salt: Buffer, cost: HashCost): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** cost.logN, r: cost.r, p: cost.p, maxmem: 256 * 2 ** cost.logN * cost.r };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$<logN>$<r>$<p>$<salt>$<hash>`: the parameters travel with the hash, so the cost can rise later. */
export async function hashPassword(password: string, cost: HashCost): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, cost);
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), { logN: Number(logN), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
