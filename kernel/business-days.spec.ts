import { addBusinessDays, calendar, calendarFromEnv, isBusinessDay } from './business-days';

const d = (iso: string) => new Date(`${iso}T10:30:00.000Z`);

describe('business days (X3)', () => {
  it('skips weekends', () => {
    expect(isBusinessDay(d('2026-11-20'))).toBe(true); // Friday
    expect(isBusinessDay(d('2026-11-21'))).toBe(false); // Saturday
    expect(isBusinessDay(d('2026-11-22'))).toBe(false); // Sunday
    expect(addBusinessDays(d('2026-11-20'), 1)).toEqual(d('2026-11-23'));
  });

  it('counts 7 business days from a Monday to the next Wednesday (O12 refund window)', () => {
    expect(addBusinessDays(d('2026-11-16'), 7)).toEqual(d('2026-11-25'));
  });

  it('starting on a weekend, the first business day is Monday', () => {
    expect(addBusinessDays(d('2026-11-21'), 1)).toEqual(d('2026-11-23'));
  });

  it('skips configured holidays and keeps the time of day', () => {
    const cal = calendar(['2026-11-26']); // Thanksgiving
    expect(addBusinessDays(d('2026-11-25'), 1, cal)).toEqual(d('2026-11-27'));
    expect(addBusinessDays(d('2026-11-25'), 1)).toEqual(d('2026-11-26'));
  });

  it('zero days leaves the date alone', () => {
    expect(addBusinessDays(d('2026-11-21'), 0)).toEqual(d('2026-11-21'));
  });

  it('refuses negative or fractional days and malformed holidays', () => {
    expect(() => addBusinessDays(d('2026-11-21'), -1)).toThrow(RangeError);
    expect(() => addBusinessDays(d('2026-11-21'), 1.5)).toThrow(RangeError);
    expect(() => calendar(['26/11/2026'])).toThrow(RangeError);
  });

  it('reads holidays from a comma-separated setting', () => {
    expect([...calendarFromEnv(' 2026-12-25, 2027-01-01 ').holidays]).toEqual(['2026-12-25', '2027-01-01']);
    expect(calendarFromEnv(undefined).holidays.size).toBe(0);
  });
});
