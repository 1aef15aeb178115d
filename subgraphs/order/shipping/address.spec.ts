import { AddressProblem, checkAddress, type AddressCheck, type AddressFields } from './address';
import { isCountryCode, OFFICIALLY_ASSIGNED_COUNTRIES } from './countries';
import { SHIPPED_SANCTIONS } from './sanctions';
import countries from './countries.json';

const rules = { sanctions: SHIPPED_SANCTIONS };
const US: AddressFields = { name: 'Dana Reyes', line1: '500 Howard St', line2: null, city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };
const DE: AddressFields = { name: 'Jonas Weber', line1: 'Invalidenstraße 116', city: 'Berlin', postalCode: '10115', country: 'DE' };

const check = (fields: AddressFields) => checkAddress(fields, rules);
function problem(result: AddressCheck) {
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.address)}`);
  return { problem: result.problem, field: result.field, message: result.message };
}
function address(result: AddressCheck) {
  if (!result.ok) throw new Error(`expected an address, got ${result.problem}: ${result.message}`);
  return result.address;
}

describe('checkAddress (O6, O7): what a customer typed, normalized or refused with a message they understand', () => {
  it('normalizes: trims, collapses spaces, upper-cases codes, empty optional parts become null', () => {
    expect(address(check({ ...US, name: '  Dana   Reyes ', line2: '  ', region: ' ca ', postalCode: ' 94105 ', country: ' us ' }))).toEqual({
      name: 'Dana Reyes',
      line1: '500 Howard St',
      line2: null,
      city: 'San Francisco',
      region: 'CA',
      postalCode: '94105',
      country: 'US',
    });
    expect(address(check({ ...DE, region: undefined, line2: 'Hinterhaus' }))).toMatchObject({ region: null, line2: 'Hinterhaus', country: 'DE' });
  });

  it('keeps letters of every script, and composes them (NFC)', () => {
    const decomposed = 'Mu\u0308nchen';
    const result = address(check({ ...DE, name: '山田 太郎', city: decomposed, postalCode: '80331' }));
    expect(result.city).toBe('München');
    expect(result.name).toBe('山田 太郎');
  });

  it.each([
    ['name', 'Enter the name.'],
    ['line1', 'Enter the street address.'],
    ['city', 'Enter the city.'],
    ['country', 'Enter the country.'],
  ] as const)('refuses an empty %s: ADDRESS_INCOMPLETE', (field, message) => {
    expect(problem(check({ ...US, [field]: '   ' }))).toEqual({ problem: AddressProblem.ADDRESS_INCOMPLETE, field, message });
    expect(problem(check({ ...US, [field]: undefined }))).toMatchObject({ problem: AddressProblem.ADDRESS_INCOMPLETE, field });
  });

  it('refuses an empty postal code where the country uses them, and accepts one where it does not (Hong Kong)', () => {
    expect(problem(check({ ...DE, postalCode: '' }))).toEqual({ problem: AddressProblem.ADDRESS_INCOMPLETE, field: 'postalCode', message: 'Enter the postal code.' });
    expect(problem(check({ ...US, postalCode: '' }))).toEqual({ problem: AddressProblem.ADDRESS_INCOMPLETE, field: 'postalCode', message: 'Enter the ZIP code.' });
    expect(address(check({ ...DE, city: 'Hong Kong', postalCode: '', country: 'HK' })).postalCode).toBe('');
  });

  it('bounds each field (in characters, not UTF-16 units): ADDRESS_FIELD_TOO_LONG names the limit', () => {
    expect(address(check({ ...US, line1: 'x'.repeat(100) })).line1).toHaveLength(100);
    expect(problem(check({ ...US, line1: 'x'.repeat(101) }))).toEqual({
      problem: AddressProblem.ADDRESS_FIELD_TOO_LONG,
      field: 'line1',
      message: 'The street address can have at most 100 characters.',
    });
    expect(address(check({ ...US, name: '😀'.repeat(100) })).name).toBe('😀'.repeat(100));
    expect(problem(check({ ...US, city: 'a'.repeat(101) }))).toMatchObject({ field: 'city', problem: AddressProblem.ADDRESS_FIELD_TOO_LONG });
    expect(problem(check({ ...DE, postalCode: '1'.repeat(17) }))).toMatchObject({ field: 'postalCode', problem: AddressProblem.ADDRESS_FIELD_TOO_LONG });
  });

  it.each([
    ['a line break', 'line1', '500 Howard St\nSuite 4'],
    ['a tab', 'name', 'Dana\tReyes'],
    ['a NUL', 'city', 'San\u0000Francisco'],
    ['a right-to-left override', 'name', 'Dana \u202EsoyeR'],
    ['a lone surrogate', 'line2', 'Apt \uD800'],
    ['a private-use character', 'city', 'San \uE000Francisco'],
  ] as const)('refuses %s: INVALID_CHARACTERS', (_what, field, value) => {
    expect(problem(check({ ...US, [field]: value }))).toMatchObject({ problem: AddressProblem.INVALID_CHARACTERS, field });
  });

  it('ignores a line break at either end (pasted text), trimming it', () => {
    expect(address(check({ ...US, line1: '\n500 Howard St\r\n' })).line1).toBe('500 Howard St');
  });

  describe('country: ISO 3166-1 alpha-2', () => {
    it('ships the 249 officially assigned codes, plus XK for Kosovo', () => {
      expect(OFFICIALLY_ASSIGNED_COUNTRIES).toHaveLength(249);
      expect(new Set(OFFICIALLY_ASSIGNED_COUNTRIES).size).toBe(249);
      expect(OFFICIALLY_ASSIGNED_COUNTRIES.every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
      expect(countries.source).toMatch(/ISO 3166/);
      expect(countries.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const code of ['US', 'DE', 'SS', 'SX', 'CW', 'BQ', 'AX', 'PR', 'XK']) expect(isCountryCode(code)).toBe(true);
      // Reserved or withdrawn codes, and look-alikes, are not countries.
      for (const code of ['UK', 'EU', 'AN', 'YU', 'CS', 'ZZ', 'us', 'USA']) expect(isCountryCode(code)).toBe(false);
    });

    it.each(['USA', 'United States', 'UK', 'ZZ', '1', 'U'])('refuses "%s": INVALID_COUNTRY', (country) => {
      expect(problem(check({ ...US, country }))).toEqual({
        problem: AddressProblem.INVALID_COUNTRY,
        field: 'country',
        message: 'Use a two-letter country code such as US or DE.',
      });
    });

    it('accepts any case (de → DE)', () => {
      expect(address(check({ ...DE, country: 'de' })).country).toBe('DE');
    });
  });

  describe('US: the state and the ZIP code', () => {
    it('requires the state', () => {
      expect(problem(check({ ...US, region: null }))).toEqual({ problem: AddressProblem.ADDRESS_INCOMPLETE, field: 'region', message: 'Enter the state.' });
    });

    it('accepts the 50 states and DC, by code or by name', () => {
      expect(address(check({ ...US, region: 'dc', city: 'Washington', postalCode: '20500' })).region).toBe('DC');
      expect(address(check({ ...US, region: 'new york', city: 'New York', postalCode: '10001' })).region).toBe('NY');
      expect(address(check({ ...US, region: 'District of Columbia' })).region).toBe('DC');
    });

    it('refuses what is not a state: INVALID_REGION', () => {
      expect(problem(check({ ...US, region: 'XX' }))).toEqual({
        problem: AddressProblem.INVALID_REGION,
        field: 'region',
        message: 'Use a two-letter state code such as CA or NY.',
      });
      expect(problem(check({ ...US, region: 'Calif.' }))).toMatchObject({ problem: AddressProblem.INVALID_REGION });
    });

    it('sends Puerto Rico, Guam and the other territories to their own country code', () => {
      expect(problem(check({ ...US, region: 'PR', city: 'San Juan', postalCode: '00901' }))).toEqual({
        problem: AddressProblem.INVALID_REGION,
        field: 'region',
        message: 'For Puerto Rico, choose PR as the country instead of US.',
      });
      expect(problem(check({ ...US, region: 'GU' })).message).toBe('For Guam, choose GU as the country instead of US.');
      // As its own country, Puerto Rico takes a ZIP code and needs no region.
      expect(address(check({ ...US, region: null, city: 'San Juan', postalCode: '00901-1234', country: 'PR' }))).toMatchObject({ country: 'PR', postalCode: '00901-1234' });
      expect(problem(check({ ...US, region: null, city: 'San Juan', postalCode: '901', country: 'PR' }))).toMatchObject({ problem: AddressProblem.INVALID_POSTAL_CODE });
    });

    it('accepts military addresses: AA, AE, AP with APO, FPO or DPO as the city', () => {
      expect(address(check({ ...US, line1: 'Unit 2050 Box 4190', city: 'apo', region: 'ae', postalCode: '09096' }))).toMatchObject({ region: 'AE', city: 'apo' });
      expect(problem(check({ ...US, region: 'AP' }))).toEqual({
        problem: AddressProblem.INVALID_REGION,
        field: 'region',
        message: 'AP is for military addresses: enter APO, FPO or DPO as the city, or choose the state.',
      });
    });

    it.each([
      ['94105', '94105'],
      ['94105-1234', '94105-1234'],
      ['94105 1234', '94105-1234'],
      ['941051234', '94105-1234'],
    ])('accepts the ZIP code "%s" as %s', (typed, stored) => {
      expect(address(check({ ...US, postalCode: typed })).postalCode).toBe(stored);
    });

    it.each(['9410', '941055', '94105-12', 'ABCDE', '94105-12345', 'SW1A 1AA'])('refuses the ZIP code "%s": INVALID_POSTAL_CODE', (postalCode) => {
      expect(problem(check({ ...US, postalCode }))).toEqual({
        problem: AddressProblem.INVALID_POSTAL_CODE,
        field: 'postalCode',
        message: 'Enter a 5-digit ZIP code such as 94103, or ZIP+4 such as 94103-1234.',
      });
    });
  });

  describe('postal codes elsewhere', () => {
    it('checks the form strictly in the EU VAT area, where the postal code decides the VAT', () => {
      expect(problem(check({ ...DE, postalCode: '1011' }))).toEqual({ problem: AddressProblem.INVALID_POSTAL_CODE, field: 'postalCode', message: 'Enter the postal code as in 10115.' });
      expect(address(check({ ...DE, city: 'Amsterdam', postalCode: '1012 ab', country: 'NL' })).postalCode).toBe('1012 AB');
      expect(address(check({ ...DE, city: 'Lisboa', postalCode: '1100-148', country: 'PT' })).postalCode).toBe('1100-148');
      expect(problem(check({ ...DE, city: 'Lisboa', postalCode: '11001', country: 'PT' }))).toMatchObject({ message: 'Enter the postal code as in 1100-148.' });
    });

    it('elsewhere allows letters, digits, spaces and hyphens, upper-cased', () => {
      expect(address(check({ ...DE, city: 'London', postalCode: 'sw1a  1aa', country: 'GB' })).postalCode).toBe('SW1A 1AA');
      expect(address(check({ ...DE, city: 'Toronto', region: 'ON', postalCode: 'M5V 2T6', country: 'CA' }))).toMatchObject({ region: 'ON', postalCode: 'M5V 2T6' });
      expect(problem(check({ ...DE, city: 'London', postalCode: 'SW1A/1AA', country: 'GB' }))).toEqual({
        problem: AddressProblem.INVALID_POSTAL_CODE,
        field: 'postalCode',
        message: 'Use only letters, digits, spaces and hyphens in the postal code.',
      });
      expect(problem(check({ ...DE, city: 'London', postalCode: '-', country: 'GB' }))).toMatchObject({ problem: AddressProblem.INVALID_POSTAL_CODE });
    });
  });

  describe('sanctions (O7): COUNTRY_SANCTIONED for billing and shipping alike', () => {
    it.each([
      ['CU', 'Cuba'],
      ['IR', 'Iran'],
      ['KP', 'North Korea'],
    ])('refuses %s', (country, name) => {
      expect(problem(check({ ...DE, city: 'X', postalCode: '10400', country }))).toEqual({
        problem: AddressProblem.COUNTRY_SANCTIONED,
        field: 'country',
        message: `We cannot sell or ship to ${name} because of U.S. trade sanctions.`,
      });
    });

    it('refuses Crimea, Donetsk and Luhansk by postal code, region or city, written as Ukraine or Russia', () => {
      const ua = { ...DE, country: 'UA' };
      expect(problem(check({ ...ua, city: 'Simferopol', postalCode: '95000' }))).toEqual({
        problem: AddressProblem.COUNTRY_SANCTIONED,
        field: 'region',
        message: 'We cannot sell or ship to Crimea because of U.S. trade sanctions.',
      });
      expect(problem(check({ ...ua, city: 'Kramatorsk', postalCode: '84300' })).message).toContain('the Donetsk region');
      expect(problem(check({ ...ua, city: 'Luhansk', postalCode: '' })).message).toContain('the Luhansk region');
      expect(problem(check({ ...ua, city: 'Севастополь', postalCode: '' })).message).toContain('Crimea');
      expect(problem(check({ ...ua, city: 'Yalta', region: 'Autonomous Republic of Crimea', postalCode: '98600' })).message).toContain('Crimea');
      expect(problem(check({ ...ua, country: 'RU', city: 'Sevastopol', postalCode: '299011' })).message).toContain('Crimea');
      expect(problem(check({ ...ua, country: 'RU', city: 'Donetsk', region: 'DNR', postalCode: '283001' })).message).toContain('Donetsk');
    });

    it('accepts the rest of Ukraine and Russia, and does not match names inside other words', () => {
      const ua = { ...DE, country: 'UA' };
      expect(address(check({ ...ua, city: 'Kyiv', postalCode: '01001' })).country).toBe('UA');
      expect(address(check({ ...ua, city: 'Kharkiv', postalCode: '61000' })).country).toBe('UA');
      expect(address(check({ ...ua, country: 'RU', city: 'Moscow', postalCode: '101000' })).country).toBe('RU');
      expect(address(check({ ...ua, country: 'RU', city: 'Krymsk', postalCode: '353380' })).city).toBe('Krymsk');
      // A postal code of Crimea's range means Crimea only in Ukraine.
      expect(address(check({ ...DE, postalCode: '95444', city: 'Bayreuth' })).country).toBe('DE');
    });

    it('follows the configured list: a country off the list is accepted, one added is refused', () => {
      const custom = { sanctions: { ...SHIPPED_SANCTIONS, countries: new Set(['SY']) } };
      expect(checkAddress({ ...DE, city: 'Havana', postalCode: '10400', country: 'CU' }, custom).ok).toBe(true);
      expect(problem(checkAddress({ ...DE, city: 'Damascus', postalCode: '', country: 'SY' }, custom)).problem).toBe(AddressProblem.COUNTRY_SANCTIONED);
      // Regions are not countries: they stay refused whatever the list of countries.
      expect(problem(checkAddress({ ...DE, city: 'Simferopol', postalCode: '95000', country: 'UA' }, custom)).problem).toBe(AddressProblem.COUNTRY_SANCTIONED);
    });
  });
});
