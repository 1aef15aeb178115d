import { Field, InputType, registerEnumType } from 'type-graphql';
import {
  countryName,
  isCountryCode,
  postalCodeFormat,
  postalCodeRequired,
  US_ARMED_FORCES,
  US_ARMED_FORCES_CITIES,
  US_STATES,
  US_TERRITORIES_AS_COUNTRIES,
} from './countries';
import { isSanctioned, sanctionedRegion, type SanctionsList } from './sanctions';

/**
 * Postal addresses of checkout (O6, O7): the billing address decides the currency and the tax
 * of downloads, the shipping address where a parcel goes and its tax. `checkAddress` turns what
 * a customer typed into a normalized `PostalAddress`, or says in plain words what to fix.
 */

/** Longest value of each field, in characters (code points) after trimming. */
export const ADDRESS_LIMITS = { name: 100, line1: 100, line2: 100, city: 100, region: 100, postalCode: 16, country: 2 } as const;

@InputType('AddressInput', { description: 'A postal address as the customer types it (billing or shipping). Surrounding spaces are ignored.' })
export class AddressInput {
  @Field({ description: `Name of the person or company, as on the label. Required. At most ${ADDRESS_LIMITS.name} characters.` })
  name: string;

  @Field({ description: `Street and number, or P.O. box. Required. At most ${ADDRESS_LIMITS.line1} characters.` })
  line1: string;

  @Field(() => String, { nullable: true, description: `Apartment, suite, unit, building or floor. Optional. At most ${ADDRESS_LIMITS.line2} characters.` })
  line2?: string | null;

  @Field({ description: `City or town; APO, FPO or DPO for a U.S. military address. Required. At most ${ADDRESS_LIMITS.city} characters.` })
  city: string;

  @Field(() => String, {
    nullable: true,
    description:
      `State, province or region. Required in the United States: the two-letter state code such as CA (or the state's name), ` +
      `AA, AE or AP for a military address. Optional elsewhere. At most ${ADDRESS_LIMITS.region} characters.`,
  })
  region?: string | null;

  @Field({
    description:
      'Postal code; in the United States the 5-digit ZIP code or ZIP+4 such as 94103-1234. ' +
      `Required, except in countries that do not use postal codes (it may then be empty). At most ${ADDRESS_LIMITS.postalCode} characters.`,
  })
  postalCode: string;

  @Field({
    description:
      'Country as an ISO 3166-1 alpha-2 code such as US or DE (any case). Puerto Rico, Guam and the other U.S. territories use ' +
      'their own code (PR, GU…), not US. Anything else (a country\'s name, USA) gets an answer that says so. At most 60 characters.',
  })
  country: string;
}

/** A checked address: trimmed, spaces collapsed, codes in upper case, empty optional parts null. */
export interface PostalAddress {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  /** US: the state code (CA) or AA/AE/AP; elsewhere as typed, or null. */
  region: string | null;
  /** US: 12345 or 12345-6789; elsewhere upper case; '' only where the country has no postal codes. */
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
}

export enum AddressProblem {
  ADDRESS_INCOMPLETE = 'ADDRESS_INCOMPLETE',
  ADDRESS_FIELD_TOO_LONG = 'ADDRESS_FIELD_TOO_LONG',
  INVALID_CHARACTERS = 'INVALID_CHARACTERS',
  INVALID_COUNTRY = 'INVALID_COUNTRY',
  INVALID_REGION = 'INVALID_REGION',
  INVALID_POSTAL_CODE = 'INVALID_POSTAL_CODE',
  COUNTRY_SANCTIONED = 'COUNTRY_SANCTIONED',
}
registerEnumType(AddressProblem, {
  name: 'AddressProblem',
  description: 'What is wrong with a postal address (O6, O7).',
  valuesConfig: {
    ADDRESS_INCOMPLETE: { description: 'A required part is empty: name, street, city, country, the state of a US address, or the postal code.' },
    ADDRESS_FIELD_TOO_LONG: { description: 'A part is longer than its limit (see AddressInput).' },
    INVALID_CHARACTERS: { description: 'A part holds line breaks, control or invisible formatting characters.' },
    INVALID_COUNTRY: { description: 'The country is not an ISO 3166-1 alpha-2 code.' },
    INVALID_REGION: { description: 'The state of a US address is not one of the 50 states, DC, or AA/AE/AP for a military address.' },
    INVALID_POSTAL_CODE: { description: 'The postal code does not have the form of the country (5-digit ZIP or ZIP+4 in the US).' },
    COUNTRY_SANCTIONED: { description: 'The store neither sells nor ships there because of U.S. trade sanctions.' },
  },
});

export type AddressField = keyof PostalAddress;

export type AddressCheck =
  | { ok: true; address: PostalAddress }
  | { ok: false; problem: AddressProblem; field: AddressField; message: string };

export interface AddressRules {
  /** From `sanctionsFromEnv(env)`: both billing and shipping addresses are refused there. */
  sanctions: SanctionsList;
}

/** What a customer may have typed: an AddressInput, or the same fields from anywhere else. */
export type AddressFields = { [K in keyof AddressInput]?: string | null };

const LABELS: Record<AddressField, string> = {
  name: 'name',
  line1: 'street address',
  line2: 'second address line',
  city: 'city',
  region: 'state or region',
  postalCode: 'postal code',
  country: 'country',
};

/**
 * Line breaks and other control characters, lone surrogates, private-use characters and the
 * invisible direction overrides (which can make a label read differently from what is stored).
 */
const FORBIDDEN = /[\p{Cc}\p{Cs}\p{Co}\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029\uFEFF]/u;

const US_ZIP = /^(\d{5})(?:[ -]?(\d{4}))?$/;
const US_STATE_BY_NAME: ReadonlyMap<string, string> = new Map([...US_STATES].map(([code, name]) => [name.toLowerCase(), code]));
/** The USPS domestic ZIP-code areas: the US and the territories with their own country code. */
const ZIP_COUNTRIES: ReadonlySet<string> = new Set(['US', ...US_TERRITORIES_AS_COUNTRIES]);

const fail = (problem: AddressProblem, field: AddressField, message: string): AddressCheck => ({ ok: false, problem, field, message });

/** NFC and trimmed; control characters are looked for next, then runs of spaces become one. */
function clean(value: string | null | undefined): string {
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
}

export function checkAddress(input: AddressFields, rules: AddressRules): AddressCheck {
  const raw: Record<AddressField, string> = {
    name: clean(input.name),
    line1: clean(input.line1),
    line2: clean(input.line2),
    city: clean(input.city),
    region: clean(input.region),
    postalCode: clean(input.postalCode),
    country: clean(input.country),
  };
  for (const field of Object.keys(raw) as AddressField[]) {
    if (FORBIDDEN.test(raw[field])) {
      return fail(AddressProblem.INVALID_CHARACTERS, field, `Remove line breaks and special characters from the ${LABELS[field]}.`);
    }
    raw[field] = raw[field].replace(/\s+/gu, ' ');
    if ([...raw[field]].length > ADDRESS_LIMITS[field]) {
      return field === 'country'
        ? fail(AddressProblem.INVALID_COUNTRY, field, 'Use a two-letter country code such as US or DE.')
        : fail(AddressProblem.ADDRESS_FIELD_TOO_LONG, field, `The ${LABELS[field]} can have at most ${ADDRESS_LIMITS[field]} characters.`);
    }
  }
  if (!raw.name) return fail(AddressProblem.ADDRESS_INCOMPLETE, 'name', 'Enter the name.');
  if (!raw.line1) return fail(AddressProblem.ADDRESS_INCOMPLETE, 'line1', 'Enter the street address.');
  if (!raw.city) return fail(AddressProblem.ADDRESS_INCOMPLETE, 'city', 'Enter the city.');
  if (!raw.country) return fail(AddressProblem.ADDRESS_INCOMPLETE, 'country', 'Enter the country.');

  const country = raw.country.toUpperCase();
  if (!isCountryCode(country)) return fail(AddressProblem.INVALID_COUNTRY, 'country', 'Use a two-letter country code such as US or DE.');
  if (isSanctioned(country, rules.sanctions)) {
    return fail(AddressProblem.COUNTRY_SANCTIONED, 'country', `We cannot sell or ship to ${countryName(country)} because of U.S. trade sanctions.`);
  }

  let region: string | null = raw.region || null;
  if (country === 'US') {
    const checked = checkUsRegion(raw.region, raw.city);
    if (!checked.ok) return checked.failure;
    region = checked.region;
  }

  // Before the postal code's form: a customer in a sanctioned region learns that first.
  const sanctioned = sanctionedRegion({ country, region, city: raw.city, postalCode: raw.postalCode }, rules.sanctions);
  if (sanctioned) {
    return fail(AddressProblem.COUNTRY_SANCTIONED, 'region', `We cannot sell or ship to ${sanctioned.name} because of U.S. trade sanctions.`);
  }

  const postal = checkPostalCode(country, raw.postalCode);
  if (!postal.ok) return postal.failure;

  return {
    ok: true,
    address: { name: raw.name, line1: raw.line1, line2: raw.line2 || null, city: raw.city, region, postalCode: postal.postalCode, country },
  };
}

type Checked<T> = ({ ok: true } & T) | { ok: false; failure: AddressCheck };

/** A US address names a state or DC (code or name), or AA/AE/AP with an APO/FPO/DPO city. */
function checkUsRegion(typed: string, city: string): Checked<{ region: string }> {
  if (!typed) return { ok: false, failure: fail(AddressProblem.ADDRESS_INCOMPLETE, 'region', 'Enter the state.') };
  const code = typed.toUpperCase();
  if (US_STATES.has(code)) return { ok: true, region: code };
  const byName = US_STATE_BY_NAME.get(typed.toLowerCase());
  if (byName) return { ok: true, region: byName };
  if (US_ARMED_FORCES.has(code)) {
    if (!US_ARMED_FORCES_CITIES.has(city.toUpperCase())) {
      return {
        ok: false,
        failure: fail(AddressProblem.INVALID_REGION, 'region', `${code} is for military addresses: enter APO, FPO or DPO as the city, or choose the state.`),
      };
    }
    return { ok: true, region: code };
  }
  if (US_TERRITORIES_AS_COUNTRIES.has(code)) {
    return {
      ok: false,
      failure: fail(AddressProblem.INVALID_REGION, 'region', `For ${countryName(code)}, choose ${code} as the country instead of US.`),
    };
  }
  return { ok: false, failure: fail(AddressProblem.INVALID_REGION, 'region', 'Use a two-letter state code such as CA or NY.') };
}

function checkPostalCode(country: string, typed: string): Checked<{ postalCode: string }> {
  const invalid = (message: string) => ({ ok: false as const, failure: fail(AddressProblem.INVALID_POSTAL_CODE, 'postalCode', message) });
  const zip = ZIP_COUNTRIES.has(country);
  if (!typed) {
    if (!postalCodeRequired(country)) return { ok: true, postalCode: '' };
    return { ok: false, failure: fail(AddressProblem.ADDRESS_INCOMPLETE, 'postalCode', zip ? 'Enter the ZIP code.' : 'Enter the postal code.') };
  }
  const code = typed.toUpperCase();
  if (zip) {
    const match = US_ZIP.exec(code);
    if (!match) return invalid('Enter a 5-digit ZIP code such as 94103, or ZIP+4 such as 94103-1234.');
    return { ok: true, postalCode: match[2] ? `${match[1]}-${match[2]}` : match[1] };
  }
  if (!/^[A-Z0-9](?:[A-Z0-9 -]*[A-Z0-9])?$/.test(code)) return invalid('Use only letters, digits, spaces and hyphens in the postal code.');
  const format = postalCodeFormat(country);
  if (format && !format.pattern.test(code)) return invalid(`Enter the postal code as in ${format.example}.`);
  return { ok: true, postalCode: code };
}
