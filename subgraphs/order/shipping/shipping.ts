import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { addBusinessDays, type BusinessCalendar } from '../../../kernel/business-days';
import { Money, money } from '../../../kernel/money';
import type { PostalAddress } from './address';
import rates from './shipping-rates.json';

/**
 * O7 Shipping: three USPS methods, their delivery times, who may use which, what they cost,
 * and the dates a shipment is due. Prices live in shipping-rates.json; the rules here.
 */
export enum ShippingMethod {
  USPS_FIRST_CLASS = 'USPS_FIRST_CLASS',
  USPS_FIRST_CLASS_INTERNATIONAL = 'USPS_FIRST_CLASS_INTERNATIONAL',
  USPS_PRIORITY = 'USPS_PRIORITY',
}
registerEnumType(ShippingMethod, {
  name: 'ShippingMethod',
  description: 'How a physical shipment travels (O7). Orders ship within two business days of purchase.',
  valuesConfig: {
    USPS_FIRST_CLASS: { description: 'USPS First Class Mail: 3–7 business days, no tracking number. U.S. addresses only (with its territories and APO/FPO/DPO).' },
    USPS_FIRST_CLASS_INTERNATIONAL: { description: 'USPS First Class Mail International: 7–21 business days, no tracking number. Addresses outside the U.S. only.' },
    USPS_PRIORITY: { description: 'USPS Priority Mail: 2–4 business days, with a tracking number. U.S. addresses only (with its territories and APO/FPO/DPO).' },
  },
});

export interface ShippingMethodRule {
  label: string;
  minBusinessDays: number;
  maxBusinessDays: number;
  /** Only Priority Mail gets a tracking number. */
  tracked: boolean;
  /** Domestic methods go within the USPS domestic area, the international one everywhere else. */
  international: boolean;
}

export const SHIPPING_METHODS: Readonly<Record<ShippingMethod, ShippingMethodRule>> = {
  [ShippingMethod.USPS_FIRST_CLASS]: { label: 'USPS First Class Mail', minBusinessDays: 3, maxBusinessDays: 7, tracked: false, international: false },
  [ShippingMethod.USPS_PRIORITY]: { label: 'USPS Priority Mail', minBusinessDays: 2, maxBusinessDays: 4, tracked: true, international: false },
  [ShippingMethod.USPS_FIRST_CLASS_INTERNATIONAL]: {
    label: 'USPS First Class Mail International',
    minBusinessDays: 7,
    maxBusinessDays: 21,
    tracked: false,
    international: true,
  },
};

/** The order options are listed in: cheapest domestic first, then the international one. */
const METHOD_ORDER: readonly ShippingMethod[] = [ShippingMethod.USPS_FIRST_CLASS, ShippingMethod.USPS_PRIORITY, ShippingMethod.USPS_FIRST_CLASS_INTERNATIONAL];

/** O7: orders ship within two business days of purchase. */
export const SHIP_WITHIN_BUSINESS_DAYS = 2;

@ObjectType('ShippingOption', { description: 'A shipping method the cart can use, with its delivery time and price (O7).' })
export class ShippingOption {
  @Field(() => ShippingMethod, { description: 'The method, to send back as the shipping method of checkout.' })
  method: ShippingMethod;

  @Field({ description: 'Name to show, e.g. "USPS Priority Mail".' })
  label: string;

  @Field(() => Int, { description: 'Fewest business days in transit, once shipped.' })
  minBusinessDays: number;

  @Field(() => Int, { description: 'Most business days in transit, once shipped.' })
  maxBusinessDays: number;

  @Field({ description: 'Whether the shipment gets a tracking number (Priority Mail only).' })
  tracked: boolean;

  @Field(() => Money, { description: 'What shipping costs with this method for the physical items of the cart, in the cart currency (VAT included in EUR).' })
  price: Money;
}

interface UnitPrice {
  base: number;
  perAdditionalUnit: number;
}

const PRICES: Readonly<Record<ShippingMethod, Readonly<Record<string, UnitPrice>>>> = rates.prices;
const USPS_DOMESTIC: ReadonlySet<string> = new Set(rates.uspsDomesticArea);

/** Whether USPS carries mail to this country (ISO code of a checked address) as domestic mail. */
export function isUspsDomestic(country: string): boolean {
  return USPS_DOMESTIC.has(country);
}

function isShippingMethod(value: unknown): value is ShippingMethod {
  return typeof value === 'string' && Object.hasOwn(SHIPPING_METHODS, value);
}

function methodsFor(destination: PostalAddress | null): ShippingMethod[] {
  if (!destination) return [...METHOD_ORDER];
  const international = !isUspsDomestic(destination.country);
  return METHOD_ORDER.filter((method) => SHIPPING_METHODS[method].international === international);
}

/**
 * The price of shipping `physicalUnits` units with a method: the base price for the first, the
 * additional-unit price for each further one. Throws for a currency the store has no rate in.
 */
export function shippingPrice(method: ShippingMethod, currency: string, physicalUnits: number): Money {
  if (!Number.isSafeInteger(physicalUnits) || physicalUnits < 1) throw new RangeError(`physicalUnits must be a positive integer, got ${physicalUnits}`);
  const price = PRICES[method]?.[currency];
  if (!price) throw new RangeError(`No shipping rate for ${method} in ${currency}`);
  return money(price.base + price.perAdditionalUnit * (physicalUnits - 1), currency);
}

/**
 * The options the cart shows. Nothing physical (0 units): no options, there is nothing to ship.
 * No shipping address yet: all three methods with their prices, so the customer sees what
 * shipping will cost before typing an address; once the address is known, only the methods that
 * go there (domestic within the USPS domestic area, international elsewhere).
 */
export function shippingOptions(destination: PostalAddress | null, currency: string, physicalUnits: number): ShippingOption[] {
  if (!Number.isSafeInteger(physicalUnits) || physicalUnits < 0) throw new RangeError(`physicalUnits must be a non-negative integer, got ${physicalUnits}`);
  if (physicalUnits === 0) return [];
  return methodsFor(destination).map((method) => {
    const { label, minBusinessDays, maxBusinessDays, tracked } = SHIPPING_METHODS[method];
    return Object.assign(new ShippingOption(), { method, label, minBusinessDays, maxBusinessDays, tracked, price: shippingPrice(method, currency, physicalUnits) });
  });
}

export type ShippingMethodCheck = { ok: true } | { ok: false; problem: 'SHIPPING_METHOD_NOT_AVAILABLE'; message: string };

/** Whether a method may take a parcel to a (checked) destination; if not, what to choose instead. */
export function checkShippingMethod(method: ShippingMethod | string, destination: PostalAddress): ShippingMethodCheck {
  if (!isShippingMethod(method)) return { ok: false, problem: 'SHIPPING_METHOD_NOT_AVAILABLE', message: 'Choose one of the shipping methods offered.' };
  if (methodsFor(destination).includes(method)) return { ok: true };
  const rule = SHIPPING_METHODS[method];
  const message = rule.international
    ? `${rule.label} is for addresses outside the United States. Choose USPS First Class Mail or USPS Priority Mail.`
    : `${rule.label} ships only within the United States and its territories. Choose USPS First Class Mail International.`;
  return { ok: false, problem: 'SHIPPING_METHOD_NOT_AVAILABLE', message };
}

/** The latest delivery date promised: the shipping day plus the method's most business days. */
export function estimatedDelivery(shippedAt: Date, method: ShippingMethod, calendar: BusinessCalendar): Date {
  if (!isShippingMethod(method)) throw new RangeError(`Unknown shipping method ${String(method)}`);
  return addBusinessDays(shippedAt, SHIPPING_METHODS[method].maxBusinessDays, calendar);
}

/** O7: the day by which an order placed at `placedAt` must have shipped (two business days later). */
export function shipBy(placedAt: Date, calendar: BusinessCalendar): Date {
  return addBusinessDays(placedAt, SHIP_WITHIN_BUSINESS_DAYS, calendar);
}
