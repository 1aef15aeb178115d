import type { PostalAddress } from '../shipping/address';
import { matchesOrder, sameAddress } from './tax-exemption-rules';

const texas: PostalAddress = { name: 'Dana Demo', line1: '100 Congress Ave', line2: null, city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' };

describe('the address of a tax-exemption certificate (O6)', () => {
  it('matches the same address written differently: case, punctuation, spacing, ZIP+4, another holder name', () => {
    expect(sameAddress(texas, { ...texas, name: 'Austin School District', line1: '100  congress ave.', city: 'AUSTIN', postalCode: '78701-1234' })).toBe(true);
  });

  it('does not match another street, city, region, postal code, second line or country', () => {
    expect(sameAddress(texas, { ...texas, line1: '200 Congress Ave' })).toBe(false);
    expect(sameAddress(texas, { ...texas, city: 'Dallas' })).toBe(false);
    expect(sameAddress(texas, { ...texas, region: 'CA' })).toBe(false);
    expect(sameAddress(texas, { ...texas, postalCode: '78702' })).toBe(false);
    expect(sameAddress(texas, { ...texas, line2: 'Suite 4' })).toBe(false);
    expect(sameAddress(texas, { ...texas, country: 'PR' })).toBe(false);
  });

  it("matches the order's billing address or, when it has one, its shipping address", () => {
    const shipping = { ...texas, line1: '1 Harbor Drive', city: 'Portland', region: 'OR', postalCode: '97201' };
    expect(matchesOrder(shipping, { billing: texas, shipping })).toBe(true);
    expect(matchesOrder(texas, { billing: texas, shipping: null })).toBe(true);
    expect(matchesOrder(shipping, { billing: texas, shipping: null })).toBe(false);
    expect(matchesOrder(texas, { billing: null, shipping: null })).toBe(false);
  });
});
