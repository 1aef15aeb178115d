import { addMoney, money, sumMoney } from './money';

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
