import { mulDivRound } from '../../../kernel/money';
import type { PostalAddress } from '../shipping/address';
import { US_ARMED_FORCES, US_STATES } from '../shipping/countries';
import euVat from './eu-vat.json';
import usSalesTax from './us-sales-tax.json';

/**
 * O6 Tax, as pure functions of a cart and the rate tables shipped beside this module
 * (us-sales-tax.json, eu-vat.json). The rule, in full in README "Tax (O6)":
 *
 * - The currency follows the billing country: EUR for the EU VAT area (27 member states and
 *   Monaco), USD elsewhere. EUR price lists include VAT, USD price lists are net.
 * - EUR: VAT is extracted from each gross line: downloads at the billing country's rate (the
 *   customer's country for electronically supplied services, declared through the OSS),
 *   physical lines and shipping at the shipping country's rate when the parcel goes to the EU
 *   VAT area (IOSS, up to EUR 150 of goods), else none.
 * - USD: sales tax is added to each net line: downloads at the billing state's rate when it
 *   taxes downloads, physical lines at the shipping state's rate, shipping where the state taxes
 *   delivery charges; nothing outside the 50 states and DC.
 * - Each line is rounded to the minor unit, halves away from zero, in integer arithmetic; the
 *   same request and tables always give the same result (the checkout recomputes and compares).
 */

export type TaxableKind = 'DIGITAL' | 'PHYSICAL';

export interface TaxableLine {
  id: string;
  /** quantity × unit price in minor units, as listed: gross (VAT included) in EUR, net in USD. */
  amount: number;
  /** DIGITAL: delivered as a download. PHYSICAL: a tangible medium that ships (a product delivered both ways is PHYSICAL). */
  kind: TaxableKind;
}

export interface TaxRequest {
  /** The cart currency; must be `currencyForCountry(billing.country)`. */
  currency: 'USD' | 'EUR' | string;
  lines: readonly TaxableLine[];
  /** The shipping charge in minor units, as listed (gross in EUR, net in USD); 0 without physical lines. */
  shippingAmount: number;
  /** A checked address (checkAddress). */
  billing: PostalAddress;
  /** A checked address; required when a line is PHYSICAL or shipping is charged. */
  shipping: PostalAddress | null;
}

export interface TaxedLine {
  id: string;
  /** Included in the line's amount when `taxIncluded`, else added to it. */
  taxAmount: number;
  /** The rate applied, in basis points (may have a fraction: Minnesota is 687.5); 0 when exempt or out of scope. */
  rateBasisPoints: number;
  /** Where the tax is due, e.g. "US-TX", "DE", "PT-20" (the Azores); null when no tax of ours applies. */
  jurisdiction: string | null;
}

export interface TaxResult {
  /** True for EUR: the amounts already include the tax (VAT); false for USD: the tax is added. */
  taxIncluded: boolean;
  lines: TaxedLine[];
  /** Tax on the shipping charge (included in it when taxIncluded). */
  shippingTax: number;
  shippingRateBasisPoints: number;
  shippingJurisdiction: string | null;
  /** Lines plus shipping. */
  totalTax: number;
}

export interface UsStateTax {
  name: string;
  rateBasisPoints: number;
  downloadsTaxable: boolean;
  shippingTaxable: boolean;
}

export interface VatRate {
  name: string;
  rateBasisPoints: number;
}

export interface VatTerritory {
  country: string;
  name: string;
  postalCodePrefixes: readonly string[];
}

export interface RegionalVatRate extends VatTerritory {
  /** ISO 3166-2 code, e.g. PT-20. */
  jurisdiction: string;
  rateBasisPoints: number;
}

export interface TaxTables {
  /** The 50 states and DC by USPS code. */
  usStates: ReadonlyMap<string, UsStateTax>;
  /** The 27 EU member states' standard rates by ISO code. */
  euVat: ReadonlyMap<string, VatRate>;
  /** Countries inside a member state's VAT territory (MC → FR). */
  sameVatTerritory: ReadonlyMap<string, string>;
  /** Parts of member states outside the EU VAT area (Canary Islands…), by postal code. */
  outsideVatTerritory: readonly VatTerritory[];
  /** Parts of member states with their own rate (Azores, Madeira), by postal code. */
  regionalVat: readonly RegionalVatRate[];
  /** IOSS: the most a consignment's goods may be worth before VAT, in EUR minor units. */
  iossThreshold: number;
}

export type TaxCurrency = 'USD' | 'EUR';

/** Rates are kept to 1/100 of a basis point (1 ppm), so every published rate is exact. */
const PPM_PER_BASIS_POINT = 100;
const PPM = 1_000_000n;

function ratePpm(rateBasisPoints: number): bigint {
  return BigInt(Math.round(rateBasisPoints * PPM_PER_BASIS_POINT));
}

function checkRate(where: string, rateBasisPoints: unknown): number {
  const scaled = typeof rateBasisPoints === 'number' ? rateBasisPoints * PPM_PER_BASIS_POINT : Number.NaN;
  if (!(scaled >= 0 && scaled < 10_000 * PPM_PER_BASIS_POINT) || Math.abs(scaled - Math.round(scaled)) > 1e-9) {
    throw new RangeError(`${where}: rate ${String(rateBasisPoints)} is not a number of basis points from 0 to 9999.99`);
  }
  return rateBasisPoints as number;
}

/** Reads and checks the shipped tables; a malformed table fails here, at startup, not at checkout. */
export function buildTaxTables(us: typeof usSalesTax, eu: typeof euVat): TaxTables {
  const usStates = new Map<string, UsStateTax>();
  for (const [code, state] of Object.entries(us.states)) {
    usStates.set(code, {
      name: state.name,
      rateBasisPoints: checkRate(`us-sales-tax.json ${code}`, state.rateBasisPoints),
      downloadsTaxable: state.downloadsTaxable === true,
      shippingTaxable: state.shippingTaxable === true,
    });
  }
  const missing = [...US_STATES.keys()].filter((code) => !usStates.has(code));
  const unknown = [...usStates.keys()].filter((code) => !US_STATES.has(code));
  if (missing.length || unknown.length) {
    throw new RangeError(`us-sales-tax.json must hold exactly the 50 states and DC: missing ${missing.join(',') || 'none'}, unknown ${unknown.join(',') || 'none'}`);
  }
  const euRates = new Map<string, VatRate>();
  for (const [code, state] of Object.entries(eu.memberStates)) {
    euRates.set(code, { name: state.name, rateBasisPoints: checkRate(`eu-vat.json ${code}`, state.standardRateBasisPoints) });
  }
  if (euRates.size !== 27) throw new RangeError(`eu-vat.json must hold the 27 member states, holds ${euRates.size}`);
  const sameVatTerritory = new Map(Object.entries(eu.sameVatTerritory).map(([country, { as }]) => [country, as]));
  for (const [country, as] of sameVatTerritory) if (!euRates.has(as)) throw new RangeError(`eu-vat.json: ${country} belongs to ${as}, not a member state`);
  const regionalVat = eu.regionalRates.map((region) => ({
    ...region,
    rateBasisPoints: checkRate(`eu-vat.json ${region.name}`, region.standardRateBasisPoints),
  }));
  if (!Number.isSafeInteger(eu.iossThresholdMinorUnits) || eu.iossThresholdMinorUnits <= 0) throw new RangeError('eu-vat.json: iossThresholdMinorUnits must be a positive integer');
  return {
    usStates,
    euVat: euRates,
    sameVatTerritory,
    outsideVatTerritory: eu.outsideVatTerritory,
    regionalVat,
    iossThreshold: eu.iossThresholdMinorUnits,
  };
}

let shipped: TaxTables | null = null;

/** The tables shipped beside this module (imported JSON, so dist/ has them too), read once. */
export function loadTaxTables(): TaxTables {
  shipped ??= buildTaxTables(usSalesTax, euVat);
  return shipped;
}

/** EUR for the EU VAT area (a member state, or Monaco), USD everywhere else. */
export function currencyForCountry(country: string, tables: TaxTables): TaxCurrency {
  return tables.euVat.has(country) || tables.sameVatTerritory.has(country) ? 'EUR' : 'USD';
}

/** Whether a currency's price lists include tax: EUR lists are VAT-inclusive, USD lists net. */
export function taxIncludedFor(currency: TaxCurrency): boolean {
  return currency === 'EUR';
}

/** A rate as applied: basis points and where it is due (null: no tax of ours applies). */
export interface TaxRate {
  rateBasisPoints: number;
  jurisdiction: string | null;
}

const NO_TAX: TaxRate = { rateBasisPoints: 0, jurisdiction: null };

const startsWithAny = (digits: string, prefixes: readonly string[]) => digits.length > 0 && prefixes.some((prefix) => digits.startsWith(prefix));

/** The VAT of an address in the EU VAT area, or null outside it (Canary Islands, the US…). */
export function vatRate(address: PostalAddress, tables: TaxTables): TaxRate | null {
  const country = tables.sameVatTerritory.get(address.country) ?? address.country;
  const member = tables.euVat.get(country);
  if (!member) return null;
  const digits = address.postalCode.replace(/\D/g, '');
  if (tables.outsideVatTerritory.some((t) => t.country === country && startsWithAny(digits, t.postalCodePrefixes))) return null;
  const regional = tables.regionalVat.find((r) => r.country === country && startsWithAny(digits, r.postalCodePrefixes));
  if (regional) return { rateBasisPoints: regional.rateBasisPoints, jurisdiction: regional.jurisdiction };
  return { rateBasisPoints: member.rateBasisPoints, jurisdiction: country };
}

/** The state of a US address (null outside the US, or for an APO/FPO/DPO address). */
export function usState(address: PostalAddress, tables: TaxTables): (UsStateTax & { code: string }) | null {
  if (address.country !== 'US') return null;
  const code = address.region ?? '';
  const state = tables.usStates.get(code);
  if (state) return { ...state, code };
  if (US_ARMED_FORCES.has(code)) return null;
  throw new RangeError(`US address with region "${code}": check addresses with checkAddress before taxing them`);
}

/** VAT contained in a gross amount: gross × rate / (1 + rate). */
function includedTax(gross: number, rateBasisPoints: number): number {
  const ppm = ratePpm(rateBasisPoints);
  return mulDivRound(gross, ppm, PPM + ppm);
}

/** Tax to add to a net amount: net × rate. */
function addedTax(net: number, rateBasisPoints: number): number {
  return mulDivRound(net, ratePpm(rateBasisPoints), PPM);
}

function checkRequest(request: TaxRequest, tables: TaxTables): TaxCurrency {
  const { currency, lines, shippingAmount, billing, shipping } = request;
  if (currency !== 'USD' && currency !== 'EUR') throw new RangeError(`Tax is computed for USD and EUR carts only, not ${currency}`);
  const expected = currencyForCountry(billing.country, tables);
  if (currency !== expected) throw new RangeError(`A cart billed to ${billing.country} is in ${expected}, not ${currency}`);
  for (const line of lines) {
    if (!Number.isSafeInteger(line.amount)) throw new RangeError(`Line ${line.id}: amount must be an integer of minor units, got ${line.amount}`);
    if (line.kind !== 'DIGITAL' && line.kind !== 'PHYSICAL') throw new RangeError(`Line ${line.id}: kind must be DIGITAL or PHYSICAL, got ${String(line.kind)}`);
  }
  if (!Number.isSafeInteger(shippingAmount) || shippingAmount < 0) throw new RangeError(`shippingAmount must be a non-negative integer, got ${shippingAmount}`);
  if (!shipping && (shippingAmount > 0 || lines.some((line) => line.kind === 'PHYSICAL'))) {
    throw new RangeError('Physical lines and shipping are taxed where they go: a shipping address is needed');
  }
  return currency;
}

function result(taxIncluded: boolean, lines: TaxedLine[], shippingTax: number, shippingRate: TaxRate): TaxResult {
  return {
    taxIncluded,
    lines,
    shippingTax,
    shippingRateBasisPoints: shippingRate.rateBasisPoints,
    shippingJurisdiction: shippingRate.jurisdiction,
    totalTax: lines.reduce((sum, line) => sum + line.taxAmount, shippingTax),
  };
}

/** EUR: VAT extracted from gross amounts. */
function computeVat(request: TaxRequest, tables: TaxTables): TaxResult {
  const digital = vatRate(request.billing, tables) ?? NO_TAX;
  let physical = request.shipping ? (vatRate(request.shipping, tables) ?? NO_TAX) : NO_TAX;
  const taxLine = (line: TaxableLine, rate: TaxRate): TaxedLine => ({ id: line.id, taxAmount: includedTax(line.amount, rate.rateBasisPoints), ...rate });

  // IOSS covers consignments whose goods are worth at most EUR 150 before VAT; above that the
  // import VAT is due at the border, so none is charged at the sale.
  const goodsNet = request.lines
    .filter((line) => line.kind === 'PHYSICAL')
    .reduce((sum, line) => sum + line.amount - taxLine(line, physical).taxAmount, 0);
  if (goodsNet > tables.iossThreshold) physical = NO_TAX;

  const lines = request.lines.map((line) => taxLine(line, line.kind === 'DIGITAL' ? digital : physical));
  return result(true, lines, includedTax(request.shippingAmount, physical.rateBasisPoints), physical);
}

/** USD: state sales tax added to net amounts. */
function computeSalesTax(request: TaxRequest, tables: TaxTables): TaxResult {
  const billingState = usState(request.billing, tables);
  const shippingState = request.shipping ? usState(request.shipping, tables) : null;
  const jurisdiction = (state: { code: string } | null) => (state ? `US-${state.code}` : null);
  const digital: TaxRate = { rateBasisPoints: billingState?.downloadsTaxable ? billingState.rateBasisPoints : 0, jurisdiction: jurisdiction(billingState) };
  const physical: TaxRate = { rateBasisPoints: shippingState?.rateBasisPoints ?? 0, jurisdiction: jurisdiction(shippingState) };
  const delivery: TaxRate = { rateBasisPoints: shippingState?.shippingTaxable ? shippingState.rateBasisPoints : 0, jurisdiction: jurisdiction(shippingState) };

  const lines = request.lines.map((line) => {
    const rate = line.kind === 'DIGITAL' ? digital : physical;
    return { id: line.id, taxAmount: addedTax(line.amount, rate.rateBasisPoints), ...rate };
  });
  return result(false, lines, addedTax(request.shippingAmount, delivery.rateBasisPoints), delivery);
}

/** The tax of a cart (O6): deterministic for the same request and tables. */
export function computeTax(request: TaxRequest, tables: TaxTables): TaxResult {
  return checkRequest(request, tables) === 'EUR' ? computeVat(request, tables) : computeSalesTax(request, tables);
}
