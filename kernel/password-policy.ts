import fs from 'node:fs';
import path from 'node:path';
import { intFromEnv, type Env } from './config';
import { ErrorCode } from './error-codes';
import { PASSWORD_MAX_LENGTH_CEILING } from './input-bounds';
import { PROJECT_ROOT } from './paths';

/**
 * A1: passwords a person chooses — an account's, or an order's (O8) — are 8 to 50 characters by
 * default (both bounds are configuration), with no composition rules (NIST SP 800-63B), refused
 * when on a list of the most common passwords, stored only as a salted scrypt hash
 * (`password-hash.ts`), never logged or returned. In the kernel because the account and order
 * subgraphs apply the same policy.
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

/** The shipped list of the 10,000 most common passwords (SecLists, MIT: common-passwords.LICENSE). */
export const COMMON_PASSWORDS_FILE = path.join(PROJECT_ROOT, 'kernel', 'common-passwords.txt');

let common: Set<string> | null = null;

/** Read once per process, compared case-insensitively. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
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
