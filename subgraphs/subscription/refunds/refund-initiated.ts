import { In, type EntityManager } from 'typeorm';
import type { RefundInitiated } from '../../events';
import { License, LicenseState } from '../licenses/license.entity';
import { LicenseTerm } from '../licenses/license-term.entity';

/** Most units one refund event may name: bounds the work one event can cause (an order issues at most 1,000 licenses). */
const MAX_UNITS = 1_000;

/** A `refund.initiated` payload that breaks the contract of subgraphs/events.ts: nothing is changed, the delivery is retried. */
export class MalformedRefundInitiated extends Error {
  constructor(reason: string) {
    super(`malformed refund.initiated event: ${reason}`);
    this.name = 'MalformedRefundInitiated';
  }
}

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 36;

export function parseRefundInitiated(payload: Record<string, unknown>): RefundInitiated {
  const fail = (reason: string): never => {
    throw new MalformedRefundInitiated(reason);
  };
  const { refundId, orderId, orderNumber, initiatedAt, items } = payload;
  if (!isId(refundId)) fail('refundId must be an id');
  if (!isId(orderId)) fail('orderId must be an id');
  if (typeof orderNumber !== 'string' || orderNumber.length > 40) fail('orderNumber must be a short text');
  if (typeof initiatedAt !== 'string' || Number.isNaN(Date.parse(initiatedAt))) fail('initiatedAt must be an ISO 8601 instant');
  if (!Array.isArray(items)) fail('items must be a list');
  let count = 0;
  const parsed = (items as unknown[]).map((raw, i) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    if (!isId(item.orderItemId)) fail(`items[${i}].orderItemId must be an id`);
    if (!Array.isArray(item.units) || !item.units.every((u) => Number.isInteger(u) && u >= 1 && u <= MAX_UNITS)) fail(`items[${i}].units must be unit numbers from 1`);
    count += (item.units as number[]).length;
    return { orderItemId: item.orderItemId as string, units: item.units as number[] };
  });
  if (count > MAX_UNITS) fail(`at most ${MAX_UNITS} units`);
  return { refundId: refundId as string, orderId: orderId as string, orderNumber: orderNumber as string, initiatedAt: initiatedAt as string, items: parsed };
}

export interface RefundApplied {
  revoked: number;
  termsTakenBack: number;
}

/**
 * O12, S6, X2, in the transaction that records the event as handled (so exactly once):
 * - the licenses issued for the returned units (order item + unit) are revoked, their plan off;
 * - every other license term this order paid — a renewal, automatic (S3) or by hand (S5) — is
 *   taken back: the term row goes, the license expires again when its last remaining paid term
 *   ends, and its Auto-Renewal Plan is turned off (S6: a refunded renewal must not renew again).
 * It works from the order id alone, so any order that paid a term (today's purchases, renewal
 * orders once they exist) is handled the same way. Running it twice changes nothing.
 */
export async function applyRefundInitiated(manager: EntityManager, event: RefundInitiated): Promise<RefundApplied> {
  let revoked = 0;
  const revokedIds = new Set<string>();
  for (const item of event.items) {
    if (item.units.length === 0) continue;
    const licenses = await manager.find(License, { select: { id: true, storedState: true }, where: { orderItemId: item.orderItemId, orderItemUnit: In(item.units) } });
    for (const license of licenses) revokedIds.add(license.id);
    const live = licenses.filter((l) => l.storedState !== LicenseState.REVOKED).map((l) => l.id);
    if (live.length === 0) continue;
    const result = await manager.update(License, { id: In(live) }, { storedState: LicenseState.REVOKED, autoRenew: false });
    revoked += result.affected ?? live.length;
  }

  // Terms this order paid on licenses it did not itself issue: renewals.
  const terms = await manager.find(LicenseTerm, { where: { orderId: event.orderId } });
  const renewed = terms.filter((t) => !revokedIds.has(t.licenseId));
  let termsTakenBack = 0;
  if (renewed.length > 0) {
    const licenses = await manager.find(License, { where: { id: In([...new Set(renewed.map((t) => t.licenseId))]) } });
    for (const license of licenses.filter((l) => l.orderId !== event.orderId)) {
      const own = renewed.filter((t) => t.licenseId === license.id);
      await manager.delete(LicenseTerm, { id: In(own.map((t) => t.id)) });
      termsTakenBack += own.length;
      const remaining = await manager.find(LicenseTerm, { where: { licenseId: license.id } });
      const perpetual = remaining.some((t) => t.expiresAt === null);
      const lastEnd = remaining.reduce<Date | null>((latest, t) => (t.expiresAt && (!latest || t.expiresAt > latest) ? t.expiresAt : latest), null);
      await manager.update(License, { id: license.id }, { autoRenew: false, expiresAt: perpetual ? null : (lastEnd ?? license.startsAt) });
    }
  }
  return { revoked, termsTakenBack };
}
