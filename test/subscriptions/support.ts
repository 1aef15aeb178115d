import { DEMO } from '../../kernel/demo';
import type { TestGraph } from '../support/graph';
import { clientOperation } from '../support/operations';
import { ADDRESSES, card, shopper } from '../store/support';

export const DAY = 86_400_000;
export const RENEW = clientOperation('RenewSubscription');
export const MY_PRODUCTS = clientOperation('MyProducts');

export const LICENSE = `query($id: ID!) { order(id: $id) { id total { amount currencyCode } licenses { id serialNumber activationCode expiresAt autoRenew state nextRenewal { at amount { amount currencyCode } } } } }`;
export const MY_ORDERS = '{ me { orders(first: 20) { edges { node { id kind number total { amount } invoice { number } licenses { id } } } } } }';

/** Buys one subscription on the Auto-Renewal Plan as a signed-in customer; answers the order and its license. */
export async function buySubscription(graph: TestGraph, options: { as?: string; email: string; productId?: string; card?: string; billing?: Record<string, unknown> }) {
  const as = options.as ?? DEMO.accounts.sam.id;
  const s = shopper(graph, as);
  const cart = await s.add([{ productId: options.productId ?? DEMO.products.antivirusAnnual, quantity: 1, autoRenew: true }]);
  await s.details(cart.id, { email: options.email, billingAddress: options.billing ?? ADDRESSES.texas });
  // Cards valid for long: these tests move the clock by years.
  const placed = await s.place(cart.id, card(options.card ?? '4242424242424242', { expiryYear: 2045 }));
  if (placed.__typename !== 'OrderConfirmation') throw new Error(JSON.stringify(placed));
  await graph.drain();
  const { body } = await graph.query(LICENSE, { id: placed.access.order.id }, { as });
  const order = body.data.order;
  return { as, order, license: order.licenses[0] as { id: string; serialNumber: string; activationCode: string; expiresAt: string; nextRenewal: any } };
}

/** The license as its owner reads it now. */
export async function licenseOf(graph: TestGraph, as: string, licenseId: string) {
  const { body } = await graph.query(MY_PRODUCTS, {}, { as });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.me.licenses.find((l: any) => l.id === licenseId);
}

/** Moves the clock to `at` and lets every relay and worker finish what is due. */
export async function at(graph: TestGraph, when: Date | number) {
  graph.clock.set(new Date(when));
  await graph.drain();
}

/** Renewal orders of a license, from the order subgraph's own rows. */
export async function renewalCharges(graph: TestGraph, licenseId: string): Promise<Array<{ state: string; attempt: number; orderId: string | null }>> {
  return graph.subgraphs.order.dataSource.query('SELECT state, attempt, orderId, kind FROM renewal_charges WHERE licenseId = ? ORDER BY createdAt, attempt', [licenseId]);
}

/** One calendar year after an instant, same time of day (kernel/billing-period's annual term). */
export function oneYearAfter(instant: string | number): number {
  const d = new Date(instant);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
}
