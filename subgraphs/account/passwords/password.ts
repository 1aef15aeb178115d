import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { intFromEnv, type Env } from '../../../kernel/config';
import { PASSWORD_MAX_LENGTH_CEILING } from '../../../kernel/input-bounds';
import { PROJECT_ROOT } from '../../../kernel/paths';

/**
 * A1: passwords of 8 to 50 characters by default (both bounds are configuration), no
 * composition rules (NIST SP 800-63B), refused when on a list of the most common passwords,
 * stored only as a salted scrypt hash, never logged or returned.
 */
export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
}

/** The maximum may be raised up to the bound every password field states in the schema. */
export function passwordPolicyFromEnv(env: Env): PasswordPolicy {
  const minLength = intFromEnv(env, 'PASSWORD_MIN_LENGTH', 8, 1, PASSWORD_MAX_LENGTH_CEILING);
  const maxLength = intFromEnv(env, 'PASSWORD_MAX_LENGTH', 50, minLength, PASSWORD_MAX_LENGTH_CEILING);
  return { minLength, maxLength };
}

export type PasswordProblem = 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_TOO_COMMON';

let common: Set<string> | null = null;

/** The shipped list (subgraphs/account/passwords/common-passwords.txt), compared case-insensitively. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(path.join(PROJECT_ROOT, 'subgraphs', 'account', 'passwords', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter(Boolean),
  );
  return common;
}

/** Length counts characters as people see them (code points), not UTF-16 units. */
export function passwordProblem(password: string, policy: PasswordPolicy): PasswordProblem | null {
  const length = [...password].length;
  if (length < policy.minLength) return 'PASSWORD_TOO_SHORT';
  if (length > policy.maxLength) return 'PASSWORD_TOO_LONG';
  if (commonPasswords().has(password.toLowerCase())) return 'PASSWORD_TOO_COMMON';
  return null;
}

export function describePasswordProblem(problem: PasswordProblem, policy: PasswordPolicy): string {
  switch (problem) {
    case 'PASSWORD_TOO_SHORT':
      return `Your password must have at least ${policy.minLength} characters.`;
    case 'PASSWORD_TOO_LONG':
      return `Your password can have at most ${policy.maxLength} characters.`;
    case 'PASSWORD_TOO_COMMON':
      return 'This password is among the most common ones and easy to guess. Please choose another.';
  }
}

/** scrypt work factor: N = 2^15 by default (about 32 MiB and tens of milliseconds per hash). */
export interface HashCost {
  logN: number;
  r: number;
  p: number;
}

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
