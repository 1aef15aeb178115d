import { DAY, type RenewalSettings } from './renewal.settings';

/**
 * The calendar of one term's renewal (S3, S7), as pure functions of the term's end and the
 * settings: the sweep and `License.nextRenewal` read the same dates.
 */

/** When the renewal of a term ending at `termEnd` is charged. */
export function chargeAt(termEnd: Date, settings: RenewalSettings): Date {
  return new Date(termEnd.getTime() - settings.chargeLeadMs);
}

/**
 * The reminder due at `now`: the smallest lead whose day has come (so a clock, or a plan turned
 * on, that skips past the 30-day reminder sends the 7-day one, never both at once). Null when
 * none is due yet.
 */
export function dueReminderLead(termEnd: Date, now: Date, settings: RenewalSettings, termStart?: Date): number | null {
  const due = leadsWithin(termEnd, settings, termStart).filter((lead) => termEnd.getTime() - lead * DAY <= now.getTime());
  return due.length === 0 ? null : Math.min(...due);
}

/**
 * The lead times that suit the term: a reminder more than half a term before expiry (30 days
 * for a monthly plan) would arrive with the purchase or the last renewal itself, so it is left
 * out; a monthly plan gets the 7-day reminder, an annual one both.
 */
export function leadsWithin(termEnd: Date, settings: RenewalSettings, termStart?: Date): number[] {
  if (!termStart) return settings.reminderDays;
  return settings.reminderDays.filter((lead) => 2 * lead * DAY <= termEnd.getTime() - termStart.getTime());
}

/** After the reminder of `lead` days: the next smaller lead's day, or the charge. */
export function afterReminder(termEnd: Date, lead: number, settings: RenewalSettings): Date {
  const smaller = settings.reminderDays.filter((d) => d < lead);
  const charge = chargeAt(termEnd, settings);
  if (smaller.length === 0) return charge;
  const next = new Date(termEnd.getTime() - Math.max(...smaller) * DAY);
  return next.getTime() < charge.getTime() ? next : charge;
}

/** How many charges a term gets at most: the renewal and its retries. */
export function maxAttempts(settings: RenewalSettings): number {
  return 1 + settings.retryDays.length;
}

/** S7: when the try after a declined `attempt` is due (days counted from the first decline), or null after the last. */
export function retryAt(firstDeclinedAt: Date, attempt: number, settings: RenewalSettings): Date | null {
  const days = settings.retryDays[attempt - 1];
  return days === undefined ? null : new Date(firstDeclinedAt.getTime() + days * DAY);
}

/**
 * S7: how long a license with a declined renewal stays usable at most: a day past its last
 * retry, so the answer of that retry always arrives within the grace. The last decline ends
 * the grace at once.
 */
export function graceEnd(firstDeclinedAt: Date, settings: RenewalSettings): Date {
  const last = settings.retryDays.length === 0 ? 0 : settings.retryDays[settings.retryDays.length - 1];
  return new Date(firstDeclinedAt.getTime() + (last + 1) * DAY);
}
