import { ErrorCode } from '../../../kernel/error-codes';
import { ships, type Product } from '../catalog/product.entity';
import type { ProductPrice } from '../catalog/product-price.entity';
import type { PostalAddressData } from '../orders/address.type';
import { shippingPrice, type ShippingMethod } from '../shipping/shipping';
import { computeTax, taxIncludedFor, type TaxCurrency, type TaxTables } from '../tax/tax';

/** What a cart is made of, as far as its price is concerned. */
export interface PricingInput {
  currency: TaxCurrency;
  lines: ReadonlyArray<{ id: string; productId: string; quantity: number }>;
  products: ReadonlyMap<string, Product>;
  prices: readonly ProductPrice[];
  billing: PostalAddressData | null;
  shipping: PostalAddressData | null;
  shippingMethod: ShippingMethod | null;
}

export interface QuotedLine {
  id: string;
  unitPriceAmount: number;
  /** quantity × unit price, as listed. */
  amount: number;
  taxAmount: number;
  taxRateBasisPoints: number;
  /** What the line costs in all, tax included. */
  totalAmount: number;
}

/** The price of a cart: what it shows, and what placing it authorizes (O6). */
export interface Quote {
  currency: TaxCurrency;
  lines: QuotedLine[];
  subtotalAmount: number;
  shippingAmount: number;
  shippingTaxAmount: number;
  taxAmount: number;
  totalAmount: number;
  taxIncluded: boolean;
  /** Tax and shipping are known: there is a billing address and, for physical items, a shipping address and method. */
  complete: boolean;
}

export type QuoteProblem = { code: ErrorCode.NOT_SOLD_IN_CURRENCY; lineId: string; message: string };

/** Units that ship (O7): every unit of a product that is not a download only. */
export function physicalUnits(lines: PricingInput['lines'], products: ReadonlyMap<string, Product>): number {
  return lines.reduce((sum, line) => sum + (ships(products.get(line.productId)!.delivery) ? line.quantity : 0), 0);
}

/**
 * Prices a cart from the price list of its currency, the shipping rates and the tax tables
 * (O1, O6, O7). Deterministic: the same cart, catalog and tables give the same quote, which is
 * how placeOrder knows nothing changed since the shopper saw the total.
 */
export function quoteCart(input: PricingInput, tables: TaxTables): Quote | QuoteProblem {
  const priceOf = new Map(input.prices.filter((p) => p.currency === input.currency).map((p) => [p.productId, p.amount]));
  const listed: Array<{ id: string; unit: number; amount: number; physical: boolean }> = [];
  for (const line of input.lines) {
    const unit = priceOf.get(line.productId);
    if (unit === undefined) {
      const name = input.products.get(line.productId)?.name ?? 'This product';
      return { code: ErrorCode.NOT_SOLD_IN_CURRENCY, lineId: line.id, message: `${name} is not sold in ${input.currency}, the currency of your billing country.` };
    }
    listed.push({ id: line.id, unit, amount: unit * line.quantity, physical: ships(input.products.get(line.productId)!.delivery) });
  }
  const units = physicalUnits(input.lines, input.products);
  const shippingAmount = units > 0 && input.shippingMethod ? shippingPrice(input.shippingMethod, input.currency, units).amount : 0;
  const subtotalAmount = listed.reduce((sum, l) => sum + l.amount, 0);
  const complete = input.billing !== null && (units === 0 || (input.shipping !== null && input.shippingMethod !== null));
  const taxIncluded = taxIncludedFor(input.currency);

  if (!complete) {
    // Tax is not known yet: the lines show their listed price, the total the sum (O6: "any sales
    // tax charged will be indicated once your billing and/or shipping address have been entered").
    const lines = listed.map((l) => ({ id: l.id, unitPriceAmount: l.unit, amount: l.amount, taxAmount: 0, taxRateBasisPoints: 0, totalAmount: l.amount }));
    return { currency: input.currency, lines, subtotalAmount, shippingAmount, shippingTaxAmount: 0, taxAmount: 0, totalAmount: subtotalAmount + shippingAmount, taxIncluded, complete };
  }

  const tax = computeTax(
    {
      currency: input.currency,
      lines: listed.map((l) => ({ id: l.id, amount: l.amount, kind: l.physical ? 'PHYSICAL' : 'DIGITAL' })),
      shippingAmount,
      billing: input.billing!,
      shipping: units > 0 ? input.shipping : null,
    },
    tables,
  );
  const taxOf = new Map(tax.lines.map((t) => [t.id, t]));
  const lines = listed.map((l) => {
    const t = taxOf.get(l.id)!;
    // Stored as integer basis points on the order line (Minnesota's 687.5 rounds to 688 there; the
    // tax amount itself is computed from the exact rate).
    return { id: l.id, unitPriceAmount: l.unit, amount: l.amount, taxAmount: t.taxAmount, taxRateBasisPoints: Math.round(t.rateBasisPoints), totalAmount: tax.taxIncluded ? l.amount : l.amount + t.taxAmount };
  });
  const linesTotal = lines.reduce((sum, l) => sum + l.totalAmount, 0);
  const shippingTotal = tax.taxIncluded ? shippingAmount : shippingAmount + tax.shippingTax;
  return {
    currency: input.currency,
    lines,
    subtotalAmount,
    shippingAmount,
    shippingTaxAmount: tax.shippingTax,
    taxAmount: tax.totalTax,
    totalAmount: linesTotal + shippingTotal,
    taxIncluded: tax.taxIncluded,
    complete,
  };
}

/** Whether two quotes charge the same (O6: the total the cart shows is exactly what placeOrder authorizes). */
export function sameCharge(a: Quote, b: Quote): boolean {
  if (a.currency !== b.currency || a.totalAmount !== b.totalAmount || a.taxAmount !== b.taxAmount || a.shippingAmount !== b.shippingAmount) return false;
  if (a.lines.length !== b.lines.length) return false;
  return a.lines.every((l, i) => l.id === b.lines[i].id && l.unitPriceAmount === b.lines[i].unitPriceAmount && l.totalAmount === b.lines[i].totalAmount && l.taxAmount === b.lines[i].taxAmount);
}
