import { DEMO } from '../../kernel/demo';
import type { TestGraph } from '../support/graph';
import { clientOperation } from '../support/operations';
import { ADDRESSES, CARDS, card, shopper } from '../store/support';

/** The after-sale operations as the clients send them (schema/clients/*.graphql). */
export const AFTER_SALE = {
  quickOrderLookup: clientOperation('QuickOrderLookup'),
  lookupOrder: clientOperation('LookupOrder'),
  forgotOrderPassword: clientOperation('ForgotOrderPassword'),
  orderPage: clientOperation('OrderPage'),
  orderDetails: clientOperation('OrderDetails'),
};

export const RESET_ORDER_PASSWORD = `mutation($token: String!, $newPassword: String!, $confirmPassword: String!) {
  resetOrderPassword(token: $token, newPassword: $newPassword, confirmPassword: $confirmPassword) {
    __typename
    ... on OrderAccess { token order { id number } }
    ... on OrderAccessError { code message field }
  }
}`;

export interface PlacedOrder {
  id: string;
  number: string;
  password: string;
  token: string;
}

/** Places an order through the store as a shopper would (anonymous unless `as`), and answers what the confirmation gave. */
export async function placeOrder(
  graph: TestGraph,
  options: { lines?: Array<Record<string, unknown>>; email?: string; cardNumber?: string; as?: string; payment?: Record<string, unknown>; billingAddress?: Record<string, unknown>; shipping?: Record<string, unknown> } = {},
): Promise<PlacedOrder> {
  const s = shopper(graph, options.as);
  const cart = await s.add(options.lines ?? [{ productId: DEMO.products.maximumSecurity, quantity: 1 }]);
  const detailed = await s.details(cart.id, { email: options.email ?? 'buyer@example.com', billingAddress: options.billingAddress ?? ADDRESSES.texas, ...(options.shipping ?? {}) });
  if (detailed.__typename !== 'Cart') throw new Error(JSON.stringify(detailed));
  const placed = await s.place(cart.id, options.payment ?? card(options.cardNumber ?? CARDS.visa));
  if (placed.__typename !== 'OrderConfirmation') throw new Error(JSON.stringify(placed));
  return { id: placed.access.order.id, number: placed.access.order.number, password: placed.orderPassword, token: placed.access.token };
}

/** Runs an operation and fails on any GraphQL error; answers `data`. */
export async function run(graph: TestGraph, query: string, variables: Record<string, unknown> = {}, options: Parameters<TestGraph['query']>[2] = {}): Promise<any> {
  const { body } = await graph.query(query, variables, options);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
