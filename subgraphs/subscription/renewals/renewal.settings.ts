import { intFromEnv, type Env } from '../../../kernel/config';
import { StartupError } from '../../../kernel/errors';

/** The timing of Auto-Renewal (S3) and of failed renewals (S7), from configuration. */
export interface RenewalSettings {
  /** Days before expiry that reminders go out, largest first (default 30 and 7). */
  reminderDays: number[];
  /** How long before expiry the renewal is charged (default 24 hours). */
  chargeLeadMs: number;
  /** Days after the first declined charge that it is tried again, ascending (default 1, 3 and 5). */
  retryDays: number[];
  /** How often the sweep looks for due reminders, charges and retries. */
  sweepIntervalMs: number;
  /** Licenses one sweep transaction handles; the sweep goes on at once while more are due. */
  sweepBatch: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function dayList(env: Env, variable: string, fallback: number[]): number[] {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return fallback;
  const days = raw.split(',').map((part) => Number(part.trim()));
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 365) || new Set(days).size !== days.length) {
    throw new StartupError(`${variable} must be a comma-separated list of distinct whole days from 1 to 365, e.g. ${fallback.join(',')}.`);
  }
  return days;
}

export function renewalSettingsFromEnv(env: Env): RenewalSettings {
  return {
    reminderDays: dayList(env, 'RENEWAL_REMINDER_DAYS', [30, 7]).sort((a, b) => b - a),
    chargeLeadMs: intFromEnv(env, 'RENEWAL_CHARGE_HOURS_BEFORE_EXPIRY', 24, 0, 24 * 6) * HOUR,
    retryDays: dayList(env, 'RENEWAL_RETRY_DAYS', [1, 3, 5]).sort((a, b) => a - b),
    sweepIntervalMs: intFromEnv(env, 'RENEWAL_SWEEP_MINUTES', 60, 1, 24 * 60) * 60_000,
    sweepBatch: intFromEnv(env, 'RENEWAL_SWEEP_BATCH', 500, 1, 10_000),
  };
}

export { DAY };
