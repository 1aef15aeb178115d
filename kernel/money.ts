import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { CurrencyCode, isCurrencyCode } from './currency';

/**
 * An amount of money: an integer in the currency's minor units (cents) and an ISO 4217 code.
 * Never a float: 0.1 + 0.2 is not a price. A value type every subgraph may return (the
 * account subgraph for merge previews, the order subgraph for prices), hence shareable.
 */
@Directive('@shareable')
@ObjectType({ description: 'An amount of money in minor units (cents for USD and EUR) of an ISO 4217 currency.' })
export class Money {
  @Field(() => Int, { description: 'Amount in minor units of the currency, e.g. 4995 for 49.95 USD.' })
  amount: number;

  @Field(() => CurrencyCode, { description: 'ISO 4217 currency code, e.g. USD.' })
  currencyCode: CurrencyCode;
}

export function money(amount: number, currencyCode: string): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Money amount must be an integer of minor units, got ${amount}`);
  if (!isCurrencyCode(currencyCode)) throw new RangeError(`Currency must be an ISO 4217 code, got ${currencyCode}`);
  return Object.assign(new Money(), { amount, currencyCode });
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currencyCode !== b.currencyCode) throw new RangeError(`Cannot add ${a.currencyCode} to ${b.currencyCode}`);
  return money(a.amount + b.amount, a.currencyCode);
}

/** Sum of amounts that share one currency; `currencyCode` is used for an empty list. */
export function sumMoney(amounts: Money[], currencyCode: string): Money {
  return amounts.reduce(addMoney, money(0, currencyCode));
}

/**
 * `amount × numerator / denominator`, rounded to the nearest integer, halves away from zero
 * (0.5 → 1, −0.5 → −1), computed exactly in BigInt so that no product of amount and rate is ever
 * a float. Tax (O6) is computed with it: a rate of r basis points is `amount × r / 10000`.
 */
export function mulDivRound(amount: number, numerator: bigint, denominator: bigint): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Amount must be an integer of minor units, got ${amount}`);
  if (denominator <= 0n) throw new RangeError(`Denominator must be positive, got ${denominator}`);
  const product = BigInt(amount) * numerator;
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  // floor((2m + d) / 2d) is m/d rounded half up; the sign is applied afterwards (away from zero).
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  const result = Number(negative ? -rounded : rounded);
  if (!Number.isSafeInteger(result)) throw new RangeError(`Result ${result} is not a safe integer`);
  return result;
}
