/**
 * Business-day arithmetic (X3): weekends (Saturday, Sunday) and configured holidays are skipped.
 * Dates are handled in UTC calendar days; the time of day is kept.
 */
export interface BusinessCalendar {
  /** Holidays as YYYY-MM-DD (UTC calendar dates). */
  holidays: ReadonlySet<string>;
}

export const NO_HOLIDAYS: BusinessCalendar = { holidays: new Set() };

export function calendar(holidays: Iterable<string> = []): BusinessCalendar {
  const set = new Set<string>();
  for (const h of holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) throw new RangeError(`Holiday must be YYYY-MM-DD, got "${h}"`);
    set.add(h);
  }
  return { holidays: set };
}

/** Parses a comma-separated list such as BUSINESS_HOLIDAYS="2026-12-25,2027-01-01". */
export function calendarFromEnv(value: string | undefined): BusinessCalendar {
  return calendar((value ?? '').split(',').map((s) => s.trim()).filter(Boolean));
}

export function isBusinessDay(date: Date, cal: BusinessCalendar = NO_HOLIDAYS): boolean {
  const day = date.getUTCDay();
  return day !== 0 && day !== 6 && !cal.holidays.has(date.toISOString().slice(0, 10));
}

/** `date` moved forward by `days` business days (0 leaves it where it is). */
export function addBusinessDays(date: Date, days: number, cal: BusinessCalendar = NO_HOLIDAYS): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${days}`);
  const result = new Date(date.getTime());
  let left = days;
  while (left > 0) {
    result.setUTCDate(result.getUTCDate() + 1);
    if (isBusinessDay(result, cal)) left -= 1;
  }
  return result;
}
