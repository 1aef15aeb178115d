import data from './countries.json';

/**
 * The geography addresses are checked against, from the data shipped beside this module
 * (countries.json: ISO 3166-1 alpha-2 codes and names, postal-code formats, US states). The JSON
 * is imported, so tsc copies it into dist/ and `npm start` reads the same file as the tests.
 */
const NAMES: Readonly<Record<string, string>> = { ...data.officiallyAssigned, ...data.userAssigned };

/** The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted. */
export const OFFICIALLY_ASSIGNED_COUNTRIES: readonly string[] = Object.freeze(Object.keys(data.officiallyAssigned).sort());

/** An ISO 3166-1 alpha-2 code the store accepts (upper case): officially assigned, or XK (Kosovo). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && Object.hasOwn(NAMES, code);
}

/** English short name of an accepted country code, for messages ("We cannot ship to Cuba…"). */
export function countryName(code: string): string {
  if (!isCountryCode(code)) throw new RangeError(`Not a country code: ${code}`);
  return NAMES[code];
}

export interface PostalCodeFormat {
  pattern: RegExp;
  /** A valid code to show the customer. */
  example: string;
}

const FORMATS: ReadonlyMap<string, PostalCodeFormat> = new Map(
  Object.entries(data.postalCodeFormats).map(([country, { pattern, example }]) => [country, { pattern: new RegExp(pattern), example }]),
);
const NO_POSTAL_CODE: ReadonlySet<string> = new Set(data.noPostalCode);

/** The strict format of a country's postal codes, where the store checks one. */
export function postalCodeFormat(country: string): PostalCodeFormat | undefined {
  return FORMATS.get(country);
}

/** False where postal codes are not used for delivery (Hong Kong, the Emirates…): it may be left empty. */
export function postalCodeRequired(country: string): boolean {
  return !NO_POSTAL_CODE.has(country);
}

/** The regions of a US address: the 50 states and DC by USPS abbreviation, with their names. */
export const US_STATES: ReadonlyMap<string, string> = new Map(Object.entries(data.usStates));

/** Armed Forces "states" of APO/FPO/DPO addresses; their city is one of US_ARMED_FORCES_CITIES. */
export const US_ARMED_FORCES: ReadonlyMap<string, string> = new Map(Object.entries(data.usArmedForces));
export const US_ARMED_FORCES_CITIES: ReadonlySet<string> = new Set(data.usArmedForcesCities);

/** USPS abbreviations of places that have their own ISO code (PR, GU, VI…): the country, not a US region. */
export const US_TERRITORIES_AS_COUNTRIES: ReadonlySet<string> = new Set(data.usTerritoriesAsCountries);
