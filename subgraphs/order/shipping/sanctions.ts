import type { Env } from '../../../kernel/config';
import { StartupError } from '../../../kernel/errors';
import { isCountryCode } from './countries';
import data from './sanctioned-countries.json';

/**
 * O7: the store neither sells nor ships where comprehensive U.S. trade sanctions apply. The
 * shipped list (sanctioned-countries.json: OFAC's comprehensive programs, with sources and the
 * date checked) can be replaced by SANCTIONED_COUNTRIES when compliance decides otherwise,
 * without a release. Regions that are not countries (Crimea, Donetsk, Luhansk) always apply:
 * they are found from the postal code, region and city of an address.
 */
export interface SanctionedRegion {
  /** ISO 3166-2 code of the region, e.g. "UA-43". */
  id: string;
  /** As the customer's message names it, e.g. "Crimea". */
  name: string;
  /** The executive order or regulation. */
  authority: string;
  /** Countries an address in the region may name (an occupied region is written both ways). */
  countries: ReadonlySet<string>;
  /** Postal codes of the region, by country, as leading digits. */
  postalCodePrefixes: ReadonlyMap<string, readonly string[]>;
  /** Names of the region or its main cities, matched as whole words in the region and city. */
  names: readonly RegExp[];
}

export interface SanctionsList {
  countries: ReadonlySet<string>;
  regions: readonly SanctionedRegion[];
}

function wholeWord(name: string): RegExp {
  const escaped = name.normalize('NFKC').toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u');
}

const REGIONS: readonly SanctionedRegion[] = data.regions.map((region) => ({
  id: region.id,
  name: region.name,
  authority: region.authority,
  countries: new Set(region.countries),
  postalCodePrefixes: new Map(Object.entries(region.postalCodePrefixes)),
  names: region.names.map(wholeWord),
}));

/** The list as shipped (countries.json's date and sources say what it rests on). */
export const SHIPPED_SANCTIONS: SanctionsList = { countries: new Set(Object.keys(data.countries)), regions: REGIONS };

/**
 * SANCTIONED_COUNTRIES, comma-separated ISO 3166-1 alpha-2 codes (any case), replaces the
 * shipped countries; unset or empty keeps them. A code that is not a country stops the process
 * with one line, rather than leaving a typo unsanctioned.
 */
export function sanctionsFromEnv(env: Env): SanctionsList {
  const raw = env.SANCTIONED_COUNTRIES?.trim();
  if (!raw) return SHIPPED_SANCTIONS;
  const countries = new Set<string>();
  for (const part of raw.split(',')) {
    const code = part.trim().toUpperCase();
    if (!code) continue;
    if (!isCountryCode(code)) {
      throw new StartupError(`SANCTIONED_COUNTRIES has "${part.trim()}", which is not an ISO 3166-1 alpha-2 country code: use codes such as CU,IR,KP.`);
    }
    countries.add(code);
  }
  if (countries.size === 0) throw new StartupError('SANCTIONED_COUNTRIES lists no country code: use codes such as CU,IR,KP, or unset it for the shipped list.');
  return { countries, regions: REGIONS };
}

/** Whether the country (ISO 3166-1 alpha-2, upper case) is under comprehensive sanctions. */
export function isSanctioned(country: string, list: SanctionsList): boolean {
  return list.countries.has(country);
}

export interface AddressPlace {
  country: string;
  region: string | null;
  city: string;
  postalCode: string;
}

/** The sanctioned region an address lies in (by postal code, region or city), or null. */
export function sanctionedRegion(address: AddressPlace, list: SanctionsList): SanctionedRegion | null {
  const digits = address.postalCode.replace(/\D/g, '');
  const words = [address.region ?? '', address.city].map((text) => text.normalize('NFKC').toLowerCase());
  for (const region of list.regions) {
    if (!region.countries.has(address.country)) continue;
    const prefixes = region.postalCodePrefixes.get(address.country) ?? [];
    if (digits && prefixes.some((prefix) => digits.startsWith(prefix))) return region;
    if (region.names.some((name) => words.some((text) => name.test(text)))) return region;
  }
  return null;
}
