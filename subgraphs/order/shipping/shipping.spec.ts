import { buildSchema as parseSdl, printType, type GraphQLNamedType } from 'graphql';
import { Arg, buildSchema, Query, Resolver } from 'type-graphql';
import { calendar, NO_HOLIDAYS } from '../../../kernel/business-days';
import { money } from '../../../kernel/money';
import { AddressInput, AddressProblem, type PostalAddress } from './address';
import rates from './shipping-rates.json';
import {
  checkShippingMethod,
  estimatedDelivery,
  isUspsDomestic,
  shipBy,
  SHIPPING_METHODS,
  ShippingMethod,
  shippingOptions,
  shippingPrice,
  ShippingOption,
} from './shipping';

const place = (country: string, region: string | null = null): PostalAddress => ({
  name: 'Dana Reyes',
  line1: '1 Main St',
  line2: null,
  city: 'Somewhere',
  region,
  postalCode: '00000',
  country,
});
const US = place('US', 'TX');
const DE = place('DE');
const methods = (options: ShippingOption[]) => options.map((option) => option.method);

describe('shipping methods (O7)', () => {
  it('are the three USPS methods with their delivery times; only Priority Mail is tracked', () => {
    expect(SHIPPING_METHODS).toEqual({
      USPS_FIRST_CLASS: { label: 'USPS First Class Mail', minBusinessDays: 3, maxBusinessDays: 7, tracked: false, international: false },
      USPS_FIRST_CLASS_INTERNATIONAL: { label: 'USPS First Class Mail International', minBusinessDays: 7, maxBusinessDays: 21, tracked: false, international: true },
      USPS_PRIORITY: { label: 'USPS Priority Mail', minBusinessDays: 2, maxBusinessDays: 4, tracked: true, international: false },
    });
  });

  it('domestic methods go to the US (and the places USPS serves as domestic mail), the international one everywhere else', () => {
    expect(methods(shippingOptions(US, 'USD', 1))).toEqual([ShippingMethod.USPS_FIRST_CLASS, ShippingMethod.USPS_PRIORITY]);
    expect(methods(shippingOptions(place('PR'), 'USD', 1))).toEqual([ShippingMethod.USPS_FIRST_CLASS, ShippingMethod.USPS_PRIORITY]);
    expect(methods(shippingOptions(place('US', 'AE'), 'USD', 1))).toEqual([ShippingMethod.USPS_FIRST_CLASS, ShippingMethod.USPS_PRIORITY]);
    expect(methods(shippingOptions(DE, 'EUR', 1))).toEqual([ShippingMethod.USPS_FIRST_CLASS_INTERNATIONAL]);
    expect(methods(shippingOptions(place('CA'), 'USD', 1))).toEqual([ShippingMethod.USPS_FIRST_CLASS_INTERNATIONAL]);
    for (const code of ['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'FM', 'MH', 'PW']) expect(isUspsDomestic(code)).toBe(true);
    for (const code of ['CA', 'MX', 'DE', 'UM']) expect(isUspsDomestic(code)).toBe(false);
  });

  it('without a shipping address yet, lists all three with their prices; with nothing physical, none', () => {
    expect(methods(shippingOptions(null, 'USD', 1))).toEqual([ShippingMethod.USPS_FIRST_CLASS, ShippingMethod.USPS_PRIORITY, ShippingMethod.USPS_FIRST_CLASS_INTERNATIONAL]);
    expect(shippingOptions(null, 'USD', 0)).toEqual([]);
    expect(shippingOptions(US, 'USD', 0)).toEqual([]);
  });

  it('each option carries what the cart shows', () => {
    const [priority] = shippingOptions(US, 'USD', 1).filter((option) => option.method === ShippingMethod.USPS_PRIORITY);
    expect(priority).toBeInstanceOf(ShippingOption);
    expect({ ...priority }).toEqual({
      method: ShippingMethod.USPS_PRIORITY,
      label: 'USPS Priority Mail',
      minBusinessDays: 2,
      maxBusinessDays: 4,
      tracked: true,
      price: money(1099, 'USD'),
    });
  });

  describe('prices (shipping-rates.json): a base for the first unit, a little for each further one', () => {
    it('has an integer price for every method in USD and EUR', () => {
      for (const method of Object.values(ShippingMethod)) {
        for (const currency of ['USD', 'EUR']) {
          const price = rates.prices[method][currency as 'USD' | 'EUR'];
          expect(Number.isSafeInteger(price.base) && price.base > 0).toBe(true);
          expect(Number.isSafeInteger(price.perAdditionalUnit) && price.perAdditionalUnit >= 0).toBe(true);
        }
      }
    });

    it('grows with the number of physical units', () => {
      expect(shippingPrice(ShippingMethod.USPS_FIRST_CLASS, 'USD', 1)).toEqual(money(499, 'USD'));
      expect(shippingPrice(ShippingMethod.USPS_FIRST_CLASS, 'USD', 3)).toEqual(money(699, 'USD'));
      expect(shippingPrice(ShippingMethod.USPS_FIRST_CLASS_INTERNATIONAL, 'EUR', 2)).toEqual(money(1799, 'EUR'));
      expect(shippingOptions(DE, 'EUR', 2)[0].price).toEqual(money(1799, 'EUR'));
    });

    it('refuses a currency without rates and a unit count that is not a whole number', () => {
      expect(() => shippingPrice(ShippingMethod.USPS_PRIORITY, 'GBP', 1)).toThrow(RangeError);
      expect(() => shippingOptions(US, 'USD', 1.5)).toThrow(RangeError);
      expect(() => shippingOptions(US, 'USD', -1)).toThrow(RangeError);
      expect(() => shippingPrice(ShippingMethod.USPS_PRIORITY, 'USD', 0)).toThrow(RangeError);
    });
  });

  describe('checkShippingMethod', () => {
    it('accepts a method that goes to the destination', () => {
      expect(checkShippingMethod(ShippingMethod.USPS_PRIORITY, US)).toEqual({ ok: true });
      expect(checkShippingMethod(ShippingMethod.USPS_FIRST_CLASS, place('GU'))).toEqual({ ok: true });
      expect(checkShippingMethod(ShippingMethod.USPS_FIRST_CLASS_INTERNATIONAL, DE)).toEqual({ ok: true });
    });

    it('refuses a domestic method abroad and the international one at home, saying what to choose', () => {
      expect(checkShippingMethod(ShippingMethod.USPS_PRIORITY, DE)).toEqual({
        ok: false,
        problem: 'SHIPPING_METHOD_NOT_AVAILABLE',
        message: 'USPS Priority Mail ships only within the United States and its territories. Choose USPS First Class Mail International.',
      });
      expect(checkShippingMethod(ShippingMethod.USPS_FIRST_CLASS_INTERNATIONAL, US)).toEqual({
        ok: false,
        problem: 'SHIPPING_METHOD_NOT_AVAILABLE',
        message: 'USPS First Class Mail International is for addresses outside the United States. Choose USPS First Class Mail or USPS Priority Mail.',
      });
      expect(checkShippingMethod('FEDEX', US)).toMatchObject({ ok: false, problem: 'SHIPPING_METHOD_NOT_AVAILABLE' });
    });
  });

  describe('dates', () => {
    // Thursday 2026-12-24 at 15:00 UTC; Christmas a holiday.
    const placedAt = new Date('2026-12-24T15:00:00Z');
    const holidays = calendar(['2026-12-25', '2027-01-01']);

    it('an order ships within two business days of purchase, skipping weekends and holidays', () => {
      expect(shipBy(placedAt, NO_HOLIDAYS).toISOString()).toBe('2026-12-28T15:00:00.000Z'); // Fri, Mon
      expect(shipBy(placedAt, holidays).toISOString()).toBe('2026-12-29T15:00:00.000Z'); // Mon, Tue
    });

    it('delivery is expected by the shipping day plus the method\'s most business days', () => {
      const shippedAt = new Date('2026-12-28T10:00:00Z'); // a Monday
      expect(estimatedDelivery(shippedAt, ShippingMethod.USPS_PRIORITY, NO_HOLIDAYS).toISOString()).toBe('2027-01-01T10:00:00.000Z');
      expect(estimatedDelivery(shippedAt, ShippingMethod.USPS_PRIORITY, holidays).toISOString()).toBe('2027-01-04T10:00:00.000Z');
      expect(estimatedDelivery(shippedAt, ShippingMethod.USPS_FIRST_CLASS, NO_HOLIDAYS).toISOString()).toBe('2027-01-06T10:00:00.000Z');
      expect(estimatedDelivery(shippedAt, ShippingMethod.USPS_FIRST_CLASS_INTERNATIONAL, NO_HOLIDAYS).toISOString()).toBe('2027-01-26T10:00:00.000Z');
    });
  });
});

describe('the client contract of these types (schema/clients/store.graphql)', () => {
  @Resolver()
  class ContractResolver {
    @Query(() => [ShippingOption], { description: 'Options to an address.' })
    options(@Arg('address', () => AddressInput, { description: 'Where to.' }) _address: AddressInput): ShippingOption[] {
      return [];
    }

    @Query(() => AddressProblem, { description: 'A problem.' })
    problem(): AddressProblem {
      return AddressProblem.ADDRESS_INCOMPLETE;
    }
  }

  let types: Record<string, GraphQLNamedType>;
  beforeAll(async () => {
    const schema = await buildSchema({ resolvers: [ContractResolver], validate: false });
    types = schema.getTypeMap();
  });

  it('prints AddressInput, ShippingMethod and ShippingOption with the names and types the store sends and reads', () => {
    const expected = parseSdl(`
      scalar Money
      input AddressInput { name: String!, line1: String!, line2: String, city: String!, region: String, postalCode: String!, country: String! }
      enum ShippingMethod { USPS_FIRST_CLASS USPS_FIRST_CLASS_INTERNATIONAL USPS_PRIORITY }
      type ShippingOption { method: ShippingMethod!, label: String!, minBusinessDays: Int!, maxBusinessDays: Int!, tracked: Boolean!, price: Money! }
      type Query { a: ShippingOption, b(x: AddressInput): String }
    `);
    const shape = (type: GraphQLNamedType) =>
      printType(type)
        .replace(/"""[\s\S]*?"""|"[^"\n]*"/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    for (const name of ['AddressInput', 'ShippingMethod', 'ShippingOption']) {
      expect(shape(types[name])).toBe(shape(expected.getType(name)!));
    }
  });

  it('describes every type, field and enum value, and says each address field\'s length bound', () => {
    for (const name of ['AddressInput', 'ShippingMethod', 'ShippingOption', 'AddressProblem']) {
      const type = types[name];
      expect(type.description).toBeTruthy();
      const members = 'getFields' in type ? Object.values(type.getFields()) : 'getValues' in type ? type.getValues() : [];
      expect(members.length).toBeGreaterThan(0);
      for (const member of members) expect([name, member.name, member.description]).toEqual([name, member.name, expect.stringMatching(/\S/)]);
    }
    const address = types.AddressInput;
    if (!('getFields' in address)) throw new Error('AddressInput is not an input type');
    for (const field of Object.values(address.getFields())) expect([field.name, field.description]).toEqual([field.name, expect.stringMatching(/At most \d+ characters|Exactly 2 letters/)]);
  });
});
