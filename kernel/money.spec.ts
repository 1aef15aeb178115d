import { addMoney, money, mulDivRound, sumMoney } from './money';

describe('money: integer minor units with an ISO 4217 currency', () => {
  it('keeps amounts as integers of minor units', () => {
    expect(money(4995, 'USD')).toEqual({ amount: 4995, currencyCode: 'USD' });
  });

  it('refuses fractions, floats and unsafe integers', () => {
    expect(() => money(49.95, 'USD')).toThrow(RangeError);
    expect(() => money(Number.MAX_SAFE_INTEGER + 1, 'USD')).toThrow(RangeError);
    expect(() => money(Number.NaN, 'USD')).toThrow(RangeError);
  });

  it('refuses a currency that is not an ISO 4217 code', () => {
    expect(() => money(1, 'usd')).toThrow(RangeError);
    expect(() => money(1, 'DOLLAR')).toThrow(RangeError);
  });

  it('adds only within one currency', () => {
    expect(addMoney(money(10, 'EUR'), money(5, 'EUR'))).toEqual(money(15, 'EUR'));
    expect(() => addMoney(money(10, 'EUR'), money(5, 'USD'))).toThrow(/Cannot add USD to EUR|Cannot add EUR to USD/);
  });

  it('sums a list exactly (no float drift), and an empty list to zero', () => {
    expect(sumMoney(Array.from({ length: 10 }, () => money(10, 'USD')), 'USD')).toEqual(money(100, 'USD'));
    expect(sumMoney([], 'JPY')).toEqual(money(0, 'JPY'));
  });
});

describe('mulDivRound: exact integer rounding, halves away from zero (O6)', () => {
  it('rounds halves away from zero, both signs', () => {
    expect(mulDivRound(1, 1n, 2n)).toBe(1);
    expect(mulDivRound(-1, 1n, 2n)).toBe(-1);
    expect(mulDivRound(3, 1n, 2n)).toBe(2);
    expect(mulDivRound(-3, 1n, 2n)).toBe(-2);
  });

  it('rounds below a half down and above a half up', () => {
    expect(mulDivRound(1049, 1n, 100n)).toBe(10);
    expect(mulDivRound(1050, 1n, 100n)).toBe(11);
    expect(mulDivRound(1051, 1n, 100n)).toBe(11);
    expect(mulDivRound(0, 725n, 10000n)).toBe(0);
  });

  it('stays exact where floats drift: 200 × 7.25% is exactly 14.5, which rounds to 15', () => {
    expect(Math.round(200 * 0.0725)).toBe(14); // 14.499999999999998 in floats
    expect(mulDivRound(200, 725n, 10000n)).toBe(15);
    expect(mulDivRound(2 ** 52, 3n, 3n)).toBe(2 ** 52);
  });

  it('refuses fractions and a non-positive denominator', () => {
    expect(() => mulDivRound(1.5, 1n, 1n)).toThrow(RangeError);
    expect(() => mulDivRound(1, 1n, 0n)).toThrow(RangeError);
  });
});
