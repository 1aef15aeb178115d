import fs from 'node:fs';
import { ErrorCode } from '../../../kernel/error-codes';
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

export type PasswordProblem = ErrorCode.PASSWORD_TOO_SHORT | ErrorCode.PASSWORD_TOO_LONG | ErrorCode.PASSWORD_TOO_COMMON;

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
  if (length < policy.minLength) return ErrorCode.PASSWORD_TOO_SHORT;
  if (length > policy.maxLength) return ErrorCode.PASSWORD_TOO_LONG;
  if (commonPasswords().has(password.toLowerCase())) return ErrorCode.PASSWORD_TOO_COMMON;
  return null;
}

export function describePasswordProblem(problem: PasswordProblem, policy: PasswordPolicy): string {
  switch (problem) {
    case ErrorCode.PASSWORD_TOO_SHORT:
      return `Your password must have at least ${policy.minLength} characters.`;
    case ErrorCode.PASSWORD_TOO_LONG:
      return `Your password can have at most ${policy.maxLength} characters.`;
    case ErrorCode.PASSWORD_TOO_COMMON:
      return 'This password is among the most common ones and easy to guess. Please choose another.';
  }
}

// The slow hash lives in the kernel: order passwords (O8) are hashed the same way.
export { hashCostFromEnv, hashPassword, verifyPassword, type HashCost } from '../../../kernel/password-hash';
