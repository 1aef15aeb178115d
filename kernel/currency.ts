import { registerEnumType } from 'type-graphql';
import { CURRENCY_NAMES } from './currency-codes';

/**
 * ISO 4217 currency codes (DESIGN "Schema conventions": `Money.currencyCode` is an enum), so
 * clients and analysts see the closed set. The store sells in USD and EUR (O1); the enum holds
 * every code so that adding a price list is data, not a schema change.
 */
export const CurrencyCode = Object.fromEntries(Object.keys(CURRENCY_NAMES).map((c) => [c, c])) as { [K in keyof typeof CURRENCY_NAMES]: K };
export type CurrencyCode = keyof typeof CURRENCY_NAMES;

registerEnumType(CurrencyCode, {
  name: 'CurrencyCode',
  description: 'An ISO 4217 currency code, e.g. USD or EUR.',
  valuesConfig: Object.fromEntries(Object.entries(CURRENCY_NAMES).map(([code, name]) => [code, { description: name }])),
});

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.prototype.hasOwnProperty.call(CURRENCY_NAMES, value);
}
