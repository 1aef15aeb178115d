import type { Identity } from '../../../kernel/identity';
import type { Order } from './order.entity';

/**
 * O9, A7: who sees an order's personal data (names, addresses, e-mail) in full: the account that
 * placed it, the holder of its order token, and support agents. Anyone else who may read the
 * order at all is an analyst, and sees them masked (kernel/masking.ts).
 */
export function seesPersonalData(identity: Identity, order: Pick<Order, 'id' | 'accountId'>): boolean {
  if (identity.orderId === order.id) return true;
  if (order.accountId !== null && identity.accountId === order.accountId) return true;
  return identity.roles.includes('support');
}

/**
 * O12, O2, O6: who may act on an order (return it, accept its letter of destruction, buy a
 * Backup CD for it, send a tax-exemption certificate): the account that placed it, the holder of
 * its order token, and support acting for the customer. Analysts only read. Anyone else is told
 * the order does not exist, as reads are.
 */
export function mayActOnOrder(identity: Identity, order: Pick<Order, 'id' | 'accountId'>): boolean {
  if (identity.orderId === order.id) return true;
  if (order.accountId !== null && identity.accountId === order.accountId) return true;
  return identity.roles.includes('support') && identity.accountId !== null;
}
