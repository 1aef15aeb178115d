import { BillingPeriod, addCalendarMonths, termEnd } from './billing-period';

const at = (iso: string) => new Date(iso);

describe('term arithmetic (O1, S1): one calendar month or year, clamped at the end of a month', () => {
  it('O1: a monthly term ends on the same day and time of the next month', () => {
    expect(termEnd(at('2026-11-18T15:00:00.123Z'), BillingPeriod.MONTHLY)).toEqual(at('2026-12-18T15:00:00.123Z'));
    expect(termEnd(at('2026-12-05T08:30:00.000Z'), BillingPeriod.MONTHLY)).toEqual(at('2027-01-05T08:30:00.000Z'));
  });

  it('O1: 31 January + 1 month is the last day of February (28 in 2027, 29 in 2028)', () => {
    expect(termEnd(at('2027-01-31T10:00:00.000Z'), BillingPeriod.MONTHLY)).toEqual(at('2027-02-28T10:00:00.000Z'));
    expect(termEnd(at('2028-01-31T10:00:00.000Z'), BillingPeriod.MONTHLY)).toEqual(at('2028-02-29T10:00:00.000Z'));
    expect(termEnd(at('2026-03-31T23:59:59.999Z'), BillingPeriod.MONTHLY)).toEqual(at('2026-04-30T23:59:59.999Z'));
    expect(termEnd(at('2026-08-31T00:00:00.000Z'), BillingPeriod.MONTHLY)).toEqual(at('2026-09-30T00:00:00.000Z'));
  });

  it('O1: an annual term ends on the same day of the next year; 29 February + 1 year is 28 February', () => {
    expect(termEnd(at('2026-11-18T15:00:00.000Z'), BillingPeriod.ANNUAL)).toEqual(at('2027-11-18T15:00:00.000Z'));
    expect(termEnd(at('2028-02-29T12:00:00.000Z'), BillingPeriod.ANNUAL)).toEqual(at('2029-02-28T12:00:00.000Z'));
    expect(termEnd(at('2027-02-28T12:00:00.000Z'), BillingPeriod.ANNUAL)).toEqual(at('2028-02-28T12:00:00.000Z'));
  });

  it('counts in UTC: the last instant of a UTC month stays in that month', () => {
    expect(addCalendarMonths(at('2026-12-31T23:30:00.000Z'), 2)).toEqual(at('2027-02-28T23:30:00.000Z'));
    expect(addCalendarMonths(at('2026-05-31T00:00:00.000Z'), -3)).toEqual(at('2026-02-28T00:00:00.000Z'));
  });

  it('refuses fractional months', () => {
    expect(() => addCalendarMonths(at('2026-01-01T00:00:00.000Z'), 1.5)).toThrow(RangeError);
  });
});
