import type { PostalAddress } from '../shipping/address';

/** How an address part compares: case, accents' composition, punctuation and runs of spaces aside. */
function comparable(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.,#'’\-/]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** US ZIP+4 and the 5-digit ZIP name the same place for this purpose. */
function postal(address: PostalAddress): string {
  return address.country === 'US' ? address.postalCode.slice(0, 5) : comparable(address.postalCode);
}

/**
 * O6: a certificate's address matches an order's when street, second line, city, region, postal
 * code and country are the same, compared as people write them (case, punctuation, spacing). The
 * holder's name is not compared: a certificate names the exempt organisation, the order the
 * person who bought for it.
 */
export function sameAddress(a: PostalAddress, b: PostalAddress): boolean {
  return (
    a.country === b.country &&
    postal(a) === postal(b) &&
    comparable(a.line1) === comparable(b.line1) &&
    comparable(a.line2) === comparable(b.line2) &&
    comparable(a.city) === comparable(b.city) &&
    comparable(a.region) === comparable(b.region)
  );
}

/** Matches the billing address, or the shipping address when the order has one. */
export function matchesOrder(holder: PostalAddress, order: { billing: PostalAddress | null; shipping: PostalAddress | null }): boolean {
  return [order.billing, order.shipping].some((address) => address !== null && sameAddress(holder, address));
}
