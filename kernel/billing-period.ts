import { registerEnumType } from 'type-graphql';

/** Term of a subscription product. A value type shared by the order and subscription subgraphs. */
export enum BillingPeriod {
  MONTHLY = 'MONTHLY',
  ANNUAL = 'ANNUAL',
}
registerEnumType(BillingPeriod, {
  name: 'BillingPeriod',
  description: 'Length of one paid term of a subscription.',
  valuesConfig: {
    MONTHLY: { description: 'One calendar month (31 January + 1 month = 28 or 29 February).' },
    ANNUAL: { description: 'One calendar year (29 February + 1 year = 28 February).' },
  },
});

/**
 * End of a paid term that starts at `start` (O1, S1): one calendar month or one calendar year
 * later, at the same time of day, in UTC. When the target month is shorter than the start's day
 * (31 January + 1 month, 29 February + 1 year), the term ends on the target month's last day,
 * never spilling into the month after (as Stripe Billing does): a monthly term is never longer
 * than the month it covers plus the start's month, and never skips a month.
 */
export function termEnd(start: Date, period: BillingPeriod): Date {
  const months = period === BillingPeriod.MONTHLY ? 1 : 12;
  return addCalendarMonths(start, months);
}

/** `start` plus `months` calendar months in UTC, clamped to the last day of the target month. */
export function addCalendarMonths(start: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDayOfTarget = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDayOfTarget);
  return new Date(Date.UTC(year, month, day, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds()));
}
