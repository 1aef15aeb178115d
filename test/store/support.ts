import type { TestGraph } from '../support/graph';
import { clientOperation } from '../support/operations';

/** The store's operations as the client sends them (schema/clients/store.graphql). */
export const STORE = {
  catalog: clientOperation('Catalog'),
  addToCart: clientOperation('AddToCart'),
  removeFromCart: clientOperation('RemoveFromCart'),
  emptyCart: clientOperation('EmptyCart'),
  setCheckoutDetails: clientOperation('SetCheckoutDetails'),
  cartById: clientOperation('CartById'),
  placeOrder: clientOperation('PlaceOrder'),
};

export const CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  mastercard2: '5105105105105100',
  discover: '6011111111111117',
  amex: '378282246310005',
  diners: '30569309025904',
  jcb: '3530111333300000',
  expired: '4000000000000069',
  creditLimit: '4000000000009995',
  dailyLimit: '4000000000006975',
  processingError: '4000000000000119',
  addressMismatch: '4000000000000010',
  declinesLater: '4000000000000341',
};

export function card(number: string, overrides: Record<string, unknown> = {}) {
  return { card: { number, expiryMonth: 12, expiryYear: 2030, cvc: number.startsWith('3') && number.length === 15 ? '1234' : '123', holderName: 'Dana Demo', ...overrides } };
}

export const ADDRESSES = {
  texas: { name: 'Dana Demo', line1: '100 Congress Ave', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
  california: { name: 'Dana Demo', line1: '500 Market Street', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' },
  oregon: { name: 'Dana Demo', line1: '1 Harbor Drive', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' },
  germany: { name: 'Dana Demo', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
  france: { name: 'Dana Demo', line1: '1 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
  canada: { name: 'Dana Demo', line1: '1 Yonge St', city: 'Toronto', region: 'ON', postalCode: 'M5E 1E5', country: 'CA' },
  cuba: { name: 'Dana Demo', line1: 'Calle 23', city: 'Havana', postalCode: '10400', country: 'CU' },
};

export interface StoreClient {
  add(lines: Array<Record<string, unknown>>, cartId?: string | null): Promise<any>;
  details(cartId: string, details: Record<string, unknown>): Promise<any>;
  place(cartId: string, payment: Record<string, unknown>): Promise<any>;
  cart(cartId: string): Promise<any>;
}

/** A shopper of the store: anonymous, or signed in as `as`. */
export function shopper(graph: TestGraph, as?: string): StoreClient {
  const run = async (query: string, variables: Record<string, unknown>) => {
    const { body } = await graph.query(query, variables, { as });
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  return {
    add: async (lines, cartId = null) => (await run(STORE.addToCart, { cartId, lines })).addToCart,
    details: async (cartId, details) => (await run(STORE.setCheckoutDetails, { cartId, details })).setCheckoutDetails,
    place: async (cartId, payment) => (await run(STORE.placeOrder, { cartId, payment })).placeOrder,
    cart: async (cartId) => (await run(STORE.cartById, { cartId })).cart,
  };
}
