import { createHash } from 'node:crypto';
import { PROJECT_ROOT } from '../../kernel/paths';

/**
 * What keeps two checkouts' test runs apart on one machine (README "Tests"), read in this one
 * place. Every suite but `test/start.spec.ts` listens on ports the system picks (port 0);
 * every database (and database user) a test makes starts with the database prefix, then the
 * Jest worker's pid and random characters, and is dropped by the suite that made it.
 */

/**
 * TEST_PORT_BASE: the first of the eight fixed ports `npm start` needs in test/start.spec.ts
 * (public 4000–4003's stand-ins, then the internal ones). Unset: a base of this checkout's own,
 * from its path (20000–29990), so another checkout's run does not collide with it by default.
 */
export const TEST_PORT_BASE: number = (() => {
  const raw = process.env.TEST_PORT_BASE?.trim();
  if (raw) {
    const base = Number(raw);
    if (!Number.isInteger(base) || base < 1024 || base > 65527) throw new Error(`TEST_PORT_BASE=${raw} must be a port from 1024 to 65527 (eight ports follow it)`);
    return base;
  }
  return 20000 + (createHash('sha256').update(PROJECT_ROOT).digest().readUInt16BE(0) % 1000) * 10;
})();

/** TEST_DATABASE_PREFIX: letters, digits and `_`, at most 16 (MySQL limits names); `t` when unset. */
export const TEST_DATABASE_PREFIX: string = (() => {
  const raw = process.env.TEST_DATABASE_PREFIX?.trim() || 't';
  if (!/^[A-Za-z0-9_]{1,16}$/.test(raw)) throw new Error(`TEST_DATABASE_PREFIX=${raw} must be 1–16 letters, digits or _`);
  return raw;
})();
