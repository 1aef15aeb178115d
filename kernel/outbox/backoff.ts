/**
 * Retry schedule of deliveries and jobs: exponential from `baseMs`, doubled per failed
 * attempt, capped at `maxMs`. Deterministic (no jitter) so tests can move the clock exactly;
 * claims with SKIP LOCKED already keep replicas from retrying in lockstep on one row.
 */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 10 * 60_000 };

/** Delay before the next try, after `attempts` failed tries (1 = the first one failed). */
export function backoffDelay(attempts: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempts - 1, 30));
}

/** Error text kept for operators: one line, bounded, never a stack. */
export function describeFailure(error: unknown, max = 500): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, max);
}
