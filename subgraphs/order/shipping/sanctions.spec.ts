import { StartupError } from '../../../kernel/errors';
import { isCountryCode } from './countries';
import data from './sanctioned-countries.json';
import { isSanctioned, sanctionedRegion, sanctionsFromEnv, SHIPPED_SANCTIONS } from './sanctions';

describe('sanctions (O7): countries and regions under comprehensive U.S. trade sanctions', () => {
  it('ships OFAC\'s comprehensive programs with their source, authority and the date checked', () => {
    expect([...SHIPPED_SANCTIONS.countries].sort()).toEqual(['CU', 'IR', 'KP']);
    expect(data.source).toMatch(/OFAC/);
    expect(data.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const entry of Object.values(data.countries)) expect(entry.authority).toMatch(/CFR/);
    // What was left off is said, with why (Syria's program ended in 2025).
    expect(data.notListed.SY).toMatch(/14312/);
    expect(SHIPPED_SANCTIONS.regions.map((region) => region.id)).toEqual(['UA-43', 'UA-14', 'UA-09']);
    for (const code of [...SHIPPED_SANCTIONS.countries, ...Object.keys(data.notListed)]) expect(isCountryCode(code)).toBe(true);
  });

  it('isSanctioned follows the list it is given', () => {
    expect(isSanctioned('CU', SHIPPED_SANCTIONS)).toBe(true);
    expect(isSanctioned('SY', SHIPPED_SANCTIONS)).toBe(false);
    expect(isSanctioned('US', SHIPPED_SANCTIONS)).toBe(false);
    expect(isSanctioned('SY', sanctionsFromEnv({ SANCTIONED_COUNTRIES: 'SY' }))).toBe(true);
  });

  describe('SANCTIONED_COUNTRIES', () => {
    it('unset or empty keeps the shipped list (docker-compose passes an empty value)', () => {
      expect(sanctionsFromEnv({})).toBe(SHIPPED_SANCTIONS);
      expect(sanctionsFromEnv({ SANCTIONED_COUNTRIES: '' })).toBe(SHIPPED_SANCTIONS);
      expect(sanctionsFromEnv({ SANCTIONED_COUNTRIES: '  ' })).toBe(SHIPPED_SANCTIONS);
    });

    it('replaces the countries, in any case and spacing; the regions stay', () => {
      const list = sanctionsFromEnv({ SANCTIONED_COUNTRIES: ' cu, IR ,kp,sy,' });
      expect([...list.countries].sort()).toEqual(['CU', 'IR', 'KP', 'SY']);
      expect(list.regions).toBe(SHIPPED_SANCTIONS.regions);
    });

    it('stops the process on a code that is not a country, naming it', () => {
      expect(() => sanctionsFromEnv({ SANCTIONED_COUNTRIES: 'CU,Iran' })).toThrow(StartupError);
      expect(() => sanctionsFromEnv({ SANCTIONED_COUNTRIES: 'CU,Iran' })).toThrow('SANCTIONED_COUNTRIES has "Iran", which is not an ISO 3166-1 alpha-2 country code');
      expect(() => sanctionsFromEnv({ SANCTIONED_COUNTRIES: ',,' })).toThrow(StartupError);
    });
  });

  describe('regions that are not countries', () => {
    const place = (country: string, city: string, postalCode: string, region: string | null = null) => ({ country, city, postalCode, region });

    it('finds Crimea and Sevastopol by Ukrainian or Russian postal code', () => {
      expect(sanctionedRegion(place('UA', 'Simferopol', '95000'), SHIPPED_SANCTIONS)?.id).toBe('UA-43');
      expect(sanctionedRegion(place('UA', 'Sevastopol', '99011'), SHIPPED_SANCTIONS)?.id).toBe('UA-43');
      expect(sanctionedRegion(place('RU', 'Simferopol', '295000'), SHIPPED_SANCTIONS)?.id).toBe('UA-43');
    });

    it('finds Donetsk and Luhansk oblasts by postal code, and the regions by name in any of their spellings', () => {
      expect(sanctionedRegion(place('UA', 'Mariupol', '87500'), SHIPPED_SANCTIONS)?.id).toBe('UA-14');
      expect(sanctionedRegion(place('UA', 'Alchevsk', '94200'), SHIPPED_SANCTIONS)?.id).toBe('UA-09');
      expect(sanctionedRegion(place('UA', 'Kramatorsk', '', 'Донецька область'), SHIPPED_SANCTIONS)?.id).toBe('UA-14');
      expect(sanctionedRegion(place('RU', 'Горловка', '', 'Донецкая Народная Республика'), SHIPPED_SANCTIONS)?.id).toBe('UA-14');
      expect(sanctionedRegion(place('UA', 'Sievierodonetsk', '', 'Luhanska oblast'), SHIPPED_SANCTIONS)?.id).toBe('UA-09');
      expect(sanctionedRegion(place('UA', 'Kerch', '', 'Автономна Республіка Крим'), SHIPPED_SANCTIONS)?.id).toBe('UA-43');
      expect(sanctionedRegion(place('RU', 'Lugansk', ''), SHIPPED_SANCTIONS)?.id).toBe('UA-09');
      expect(sanctionedRegion(place('UA', 'KRYM', ''), SHIPPED_SANCTIONS)?.id).toBe('UA-43');
    });

    it('only for Ukraine and Russia', () => {
      expect(sanctionedRegion(place('US', 'Donetsk', '95000'), SHIPPED_SANCTIONS)).toBeNull();
      expect(sanctionedRegion(place('UA', 'Odesa', '65000'), SHIPPED_SANCTIONS)).toBeNull();
    });
  });
});
