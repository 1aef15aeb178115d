import type { PostalAddress } from '../shipping/address';
import { US_STATES } from '../shipping/countries';
import euVat from './eu-vat.json';
import { buildTaxTables, computeTax, currencyForCountry, loadTaxTables, taxIncludedFor, type TaxableLine, type TaxRequest } from './tax';
import usSalesTax from './us-sales-tax.json';

const tables = loadTaxTables();

const at = (country: string, region: string | null = null, postalCode = '10000'): PostalAddress => ({
  name: 'A Customer',
  line1: '1 Main St',
  line2: null,
  city: 'Somewhere',
  region,
  postalCode,
  country,
});
const download = (amount: number, id = 'd'): TaxableLine => ({ id, amount, kind: 'DIGITAL' });
const cd = (amount: number, id = 'p'): TaxableLine => ({ id, amount, kind: 'PHYSICAL' });
const request = (billing: PostalAddress, lines: TaxableLine[], shipping: PostalAddress | null = null, shippingAmount = 0): TaxRequest => ({
  currency: currencyForCountry(billing.country, tables),
  lines,
  shippingAmount,
  billing,
  shipping,
});
const tax = (r: TaxRequest) => computeTax(r, tables);
const lineTax = (r: TaxRequest) => tax(r).lines.map(({ taxAmount, rateBasisPoints, jurisdiction }) => [taxAmount, rateBasisPoints, jurisdiction]);

describe('O6 tax tables', () => {
  it('us-sales-tax.json holds the 50 states and DC, state rates only, with sources and the date checked', () => {
    expect(Object.keys(usSalesTax.states).sort()).toEqual([...US_STATES.keys()].sort());
    expect(tables.usStates.size).toBe(51);
    expect(usSalesTax.sources.join(' ')).toMatch(/Tax Foundation/);
    expect(usSalesTax.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const rate = (code: string) => tables.usStates.get(code)!.rateBasisPoints;
    expect([rate('CA'), rate('TX'), rate('NY'), rate('MN'), rate('MO'), rate('LA'), rate('OR')]).toEqual([725, 625, 400, 687.5, 422.5, 500, 0]);
    for (const code of ['AK', 'DE', 'MT', 'NH', 'OR']) expect(tables.usStates.get(code)).toMatchObject({ rateBasisPoints: 0, downloadsTaxable: false, shippingTaxable: false });
  });

  it('eu-vat.json holds the standard rate of the 27 member states, from the European Commission, with the date checked', () => {
    expect(tables.euVat.size).toBe(27);
    expect(euVat.source).toMatch(/European Commission/);
    expect(euVat.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const rate = (code: string) => tables.euVat.get(code)!.rateBasisPoints;
    expect([rate('DE'), rate('FR'), rate('FI'), rate('EE'), rate('SK'), rate('RO'), rate('HU'), rate('LU')]).toEqual([1900, 2000, 2550, 2400, 2300, 2100, 2700, 1700]);
    for (const { rateBasisPoints } of tables.euVat.values()) expect(rateBasisPoints).toBeGreaterThanOrEqual(1700);
  });

  it('a table with a state missing, an unknown one, a member state missing or an inexact rate is refused at load', () => {
    const us = () => structuredClone(usSalesTax);
    const eu = () => structuredClone(euVat);
    const withoutTexas = us();
    delete (withoutTexas.states as Partial<typeof withoutTexas.states>).TX;
    expect(() => buildTaxTables(withoutTexas, euVat)).toThrow(/missing TX/);
    const withGuam = us();
    (withGuam.states as Record<string, unknown>).GU = { ...withGuam.states.TX };
    expect(() => buildTaxTables(withGuam, euVat)).toThrow(/unknown GU/);
    const fractional = us();
    fractional.states.CA.rateBasisPoints = 725.001;
    expect(() => buildTaxTables(fractional, euVat)).toThrow(/CA: rate 725.001/);
    const withoutMalta = eu();
    delete (withoutMalta.memberStates as Partial<typeof withoutMalta.memberStates>).MT;
    expect(() => buildTaxTables(usSalesTax, withoutMalta)).toThrow(/27 member states/);
  });
});

describe('O6 currency: follows the billing country', () => {
  it('EUR for the 27 member states and Monaco (French VAT territory), USD everywhere else', () => {
    for (const code of tables.euVat.keys()) expect(currencyForCountry(code, tables)).toBe('EUR');
    expect(currencyForCountry('MC', tables)).toBe('EUR');
    for (const code of ['US', 'GB', 'CH', 'NO', 'JP', 'GP', 'AX', 'PR']) expect(currencyForCountry(code, tables)).toBe('USD');
  });

  it('EUR price lists include VAT, USD price lists are net', () => {
    expect(taxIncludedFor('EUR')).toBe(true);
    expect(taxIncludedFor('USD')).toBe(false);
  });
});

describe('O6 US sales tax: added to net amounts (USD)', () => {
  it('adds the shipping state\'s rate to a physical line: exclusive addition', () => {
    const result = tax(request(at('US', 'TX'), [cd(4995)], at('US', 'TX'), 0));
    expect(result).toEqual({
      taxIncluded: false,
      lines: [{ id: 'p', taxAmount: 312, rateBasisPoints: 625, jurisdiction: 'US-TX' }], // 312.1875
      shippingTax: 0,
      shippingRateBasisPoints: 625,
      shippingJurisdiction: 'US-TX',
      totalTax: 312,
    });
  });

  it('rounds each line to the cent, halves away from zero, with no float drift', () => {
    const ca = (amount: number) => tax(request(at('US', 'TX'), [cd(amount)], at('US', 'CA'))).lines[0].taxAmount;
    expect(ca(200)).toBe(15); // 14.5 exactly (14.499999999999998 in floats)
    expect(ca(600)).toBe(44); // 43.5
    expect(ca(199)).toBe(14); // 14.4275
    expect(ca(1)).toBe(0); // 0.0725
    expect(ca(-200)).toBe(-15); // a credit rounds away from zero too
    const mn = (amount: number) => tax(request(at('US', 'MN'), [download(amount)])).lines[0];
    expect(mn(80)).toEqual({ id: 'd', taxAmount: 6, rateBasisPoints: 687.5, jurisdiction: 'US-MN' }); // 5.5
    expect(mn(1600).taxAmount).toBe(110);
  });

  it('taxes a download by the billing state when it taxes downloads (TX, NY, WA)', () => {
    expect(lineTax(request(at('US', 'TX'), [download(10000)]))).toEqual([[625, 625, 'US-TX']]);
    expect(lineTax(request(at('US', 'NY'), [download(10000)]))).toEqual([[400, 400, 'US-NY']]);
    expect(lineTax(request(at('US', 'WA'), [download(10000)]))).toEqual([[650, 650, 'US-WA']]);
  });

  it('does not tax a download where the state exempts it (CA, FL, VA), naming the state', () => {
    expect(lineTax(request(at('US', 'CA'), [download(10000)]))).toEqual([[0, 0, 'US-CA']]);
    expect(lineTax(request(at('US', 'FL'), [download(10000)]))).toEqual([[0, 0, 'US-FL']]);
    expect(lineTax(request(at('US', 'VA'), [download(10000)]))).toEqual([[0, 0, 'US-VA']]);
    // The same state taxes a CD shipped there.
    expect(lineTax(request(at('US', 'CA'), [cd(10000)], at('US', 'CA')))).toEqual([[725, 725, 'US-CA']]);
  });

  it('mixed cart: the download by the billing state, the CD and shipping by the shipping state', () => {
    const result = tax(request(at('US', 'NY'), [download(4995, 'av'), cd(1000, 'backup-cd')], at('US', 'CA'), 499));
    expect(result.lines).toEqual([
      { id: 'av', taxAmount: 200, rateBasisPoints: 400, jurisdiction: 'US-NY' }, // 199.8
      { id: 'backup-cd', taxAmount: 73, rateBasisPoints: 725, jurisdiction: 'US-CA' }, // 72.5
    ]);
    // California does not tax separately stated postage.
    expect(result).toMatchObject({ shippingTax: 0, shippingRateBasisPoints: 0, shippingJurisdiction: 'US-CA', totalTax: 273 });
  });

  it('taxes the shipping charge where the state taxes delivery charges (TX, NY), not where it does not (CA, MO)', () => {
    const shippingTax = (region: string) => tax(request(at('US', 'TX'), [cd(1000)], at('US', region), 1099)).shippingTax;
    expect(shippingTax('TX')).toBe(69); // 68.6875
    expect(shippingTax('NY')).toBe(44); // 43.96
    expect(shippingTax('CA')).toBe(0);
    expect(shippingTax('MO')).toBe(0);
  });

  it('zero-tax destinations: states without sales tax, APO/FPO/DPO, other countries (no import duties collected)', () => {
    expect(lineTax(request(at('US', 'OR'), [download(10000), cd(10000)], at('US', 'OR')))).toEqual([
      [0, 0, 'US-OR'],
      [0, 0, 'US-OR'],
    ]);
    expect(lineTax(request(at('US', 'TX'), [cd(10000)], at('US', 'AE')))).toEqual([[0, 0, null]]);
    const abroad = tax(request(at('GB'), [download(10000), cd(10000)], at('JP'), 1499));
    expect(abroad).toEqual({
      taxIncluded: false,
      lines: [
        { id: 'd', taxAmount: 0, rateBasisPoints: 0, jurisdiction: null },
        { id: 'p', taxAmount: 0, rateBasisPoints: 0, jurisdiction: null },
      ],
      shippingTax: 0,
      shippingRateBasisPoints: 0,
      shippingJurisdiction: null,
      totalTax: 0,
    });
    // Billed in the US, shipped abroad: the download is taxed at home, the CD not at all.
    expect(lineTax(request(at('US', 'TX'), [download(1000), cd(1000)], at('CA')))).toEqual([
      [63, 625, 'US-TX'],
      [0, 0, null],
    ]);
  });
});

describe('O6 EU VAT: included in gross amounts (EUR), extracted per line', () => {
  it('extracts the billing country\'s VAT from a download: gross × rate / (10000 + rate)', () => {
    expect(tax(request(at('DE'), [download(4995)]))).toEqual({
      taxIncluded: true,
      lines: [{ id: 'd', taxAmount: 798, rateBasisPoints: 1900, jurisdiction: 'DE' }], // 797.52
      shippingTax: 0,
      shippingRateBasisPoints: 0,
      shippingJurisdiction: null,
      totalTax: 798,
    });
    expect(lineTax(request(at('DE'), [download(11900)]))).toEqual([[1900, 1900, 'DE']]);
    expect(lineTax(request(at('FI'), [download(12550)]))).toEqual([[2550, 2550, 'FI']]);
  });

  it('rounds halves away from zero: 20% of a gross 3 cents is 0.5 → 1', () => {
    const fr = (amount: number) => tax(request(at('FR', null, '75001'), [download(amount)])).lines[0].taxAmount;
    expect([fr(2), fr(3), fr(4), fr(9), fr(15), fr(-3)]).toEqual([0, 1, 1, 2, 3, -1]); // 0.33, 0.5, 0.67, 1.5, 2.5, −0.5
  });

  it('mixed cart: the download at the billing country\'s rate (OSS), the CD and shipping at the shipping country\'s', () => {
    const result = tax(request(at('DE'), [download(4995, 'av'), cd(1200, 'backup-cd')], at('FR', null, '75001'), 1499));
    expect(result).toEqual({
      taxIncluded: true,
      lines: [
        { id: 'av', taxAmount: 798, rateBasisPoints: 1900, jurisdiction: 'DE' },
        { id: 'backup-cd', taxAmount: 200, rateBasisPoints: 2000, jurisdiction: 'FR' },
      ],
      shippingTax: 250, // 249.83
      shippingRateBasisPoints: 2000,
      shippingJurisdiction: 'FR',
      totalTax: 1248,
    });
  });

  it('a CD shipped outside the EU VAT area carries no VAT, the price staying as listed', () => {
    const result = tax(request(at('DE'), [download(4995), cd(1200)], at('US', 'TX'), 499));
    expect(result.lines.map((line) => line.taxAmount)).toEqual([798, 0]);
    expect(result.shippingTax).toBe(0);
    expect(lineTax(request(at('AT', null, '1010'), [cd(1200)], at('CH')))).toEqual([[0, 0, null]]);
  });

  it('Monaco is taxed as France; the Canary Islands are outside the VAT area; the Azores and Madeira have their own rates', () => {
    expect(lineTax(request(at('MC', null, '98000'), [download(1200)]))).toEqual([[200, 2000, 'FR']]);
    expect(lineTax(request(at('ES', null, '35001'), [download(1210)]))).toEqual([[0, 0, null]]);
    expect(lineTax(request(at('ES', null, '28001'), [download(1210)]))).toEqual([[210, 2100, 'ES']]);
    expect(lineTax(request(at('PT', null, '9500-321'), [download(1160)]))).toEqual([[160, 1600, 'PT-20']]);
    expect(lineTax(request(at('PT', null, '9000-018'), [download(1220)]))).toEqual([[220, 2200, 'PT-30']]);
    expect(lineTax(request(at('DE'), [cd(1190)], at('DE', null, '27498')))).toEqual([[0, 0, null]]); // Heligoland
  });

  it('IOSS: goods worth more than EUR 150 before VAT carry no VAT at the sale (import VAT is due at the border)', () => {
    // 178.50 gross at 19% is 150.00 net: within IOSS.
    expect(lineTax(request(at('DE'), [cd(17850)], at('DE'), 1499))).toEqual([[2850, 1900, 'DE']]);
    // 178.62 gross is 150.10 net: above it. Downloads keep their VAT.
    const above = tax(request(at('DE'), [download(1190), cd(17862)], at('DE'), 1499));
    expect(above.lines.map((line) => [line.taxAmount, line.jurisdiction])).toEqual([
      [190, 'DE'],
      [0, null],
    ]);
    expect(above.shippingTax).toBe(0);
  });
});

describe('O6 computeTax: refuses a request it cannot tax rightly, and is deterministic', () => {
  it('refuses a currency other than the billing country\'s', () => {
    expect(() => computeTax({ ...request(at('DE'), [download(100)]), currency: 'USD' }, tables)).toThrow('A cart billed to DE is in EUR, not USD');
    expect(() => computeTax({ ...request(at('US', 'TX'), [download(100)]), currency: 'GBP' }, tables)).toThrow(RangeError);
  });

  it('refuses physical lines or a shipping charge without a shipping address', () => {
    expect(() => tax(request(at('US', 'TX'), [cd(100)], null))).toThrow(/shipping address is needed/);
    expect(() => tax(request(at('US', 'TX'), [download(100)], null, 499))).toThrow(/shipping address is needed/);
    expect(tax(request(at('US', 'TX'), [download(100)], null)).totalTax).toBe(6);
  });

  it('refuses fractional amounts, unknown kinds and unchecked US addresses', () => {
    expect(() => tax(request(at('US', 'TX'), [download(9.99)]))).toThrow(RangeError);
    expect(() => tax(request(at('US', 'TX'), [{ id: 'x', amount: 100, kind: 'SERVICE' as never }]))).toThrow(/kind/);
    expect(() => tax(request(at('US', 'TX'), [download(100)], null, -1))).toThrow(RangeError);
    expect(() => tax(request(at('US', 'Texas'), [download(100)]))).toThrow(/checkAddress/);
  });

  it('gives the same result for the same request, lines in their order, totalTax their sum plus shipping', () => {
    const cart = request(at('US', 'NY'), [download(4995, 'a'), cd(1000, 'b'), download(1999, 'c')], at('US', 'TX'), 699);
    const first = tax(cart);
    expect(tax(structuredClone(cart))).toEqual(first);
    expect(first.lines.map((line) => line.id)).toEqual(['a', 'b', 'c']);
    expect(first.totalTax).toBe(first.lines.reduce((sum, line) => sum + line.taxAmount, 0) + first.shippingTax);
    expect(first.totalTax).toBe(200 + 63 + 80 + 44);
    expect(loadTaxTables()).toBe(tables);
  });
});
