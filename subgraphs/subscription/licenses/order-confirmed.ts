import type { OrderConfirmed, OrderConfirmedLine } from '../../events';

/** Most units one order may issue: bounds the work (and the rows) one event can cause. */
export const MAX_UNITS_PER_ORDER = 1_000;
/** Longest product name a license keeps (the column's size). */
export const MAX_PRODUCT_NAME = 200;
/** Most devices one license may cover. */
export const MAX_DEVICES_PER_LICENSE = 100;

/**
 * An `order.confirmed` event whose payload breaks the contract of subgraphs/events.ts. Nothing
 * is issued; the delivery fails and is retried with backoff (a fix is a deploy of the
 * producer), and the failure is logged with the reason, so operators see it in the backlog.
 */
export class MalformedOrderConfirmed extends Error {
  constructor(reason: string) {
    super(`malformed order.confirmed event: ${reason}`);
    this.name = 'MalformedOrderConfirmed';
  }
}

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 36;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const isInstant = (value: unknown): value is string => typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
const isCount = (value: unknown, max: number): value is number => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max;

/** Checks an `order.confirmed` payload against the contract; returns it typed, or throws. */
export function parseOrderConfirmed(payload: Record<string, unknown>): OrderConfirmed {
  const fail = (reason: string): never => {
    throw new MalformedOrderConfirmed(reason);
  };
  const { orderId, orderNumber, accountId, confirmedAt, lines } = payload;
  if (!isId(orderId)) fail('orderId must be an id');
  if (typeof orderNumber !== 'string' || orderNumber.length === 0 || orderNumber.length > 40) fail('orderNumber must be a short text');
  if (accountId !== null && !isId(accountId)) fail('accountId must be an id or null (a guest)');
  if (!isInstant(confirmedAt)) fail('confirmedAt must be an ISO 8601 date and time with its offset');
  if (!Array.isArray(lines)) fail('lines must be a list');
  const seen = new Set<string>();
  let units = 0;
  const parsed = (lines as unknown[]).map((raw, i): OrderConfirmedLine => {
    const line = (raw ?? {}) as Record<string, unknown>;
    const at = `lines[${i}]`;
    if (!isId(line.orderItemId)) fail(`${at}.orderItemId must be an id`);
    if (seen.has(line.orderItemId as string)) fail(`${at}.orderItemId appears twice`);
    seen.add(line.orderItemId as string);
    if (!isId(line.productId)) fail(`${at}.productId must be an id`);
    // Optional: events published before the field existed carry no name.
    if (line.productName !== undefined && line.productName !== null && (typeof line.productName !== 'string' || line.productName.length === 0 || line.productName.length > MAX_PRODUCT_NAME)) {
      fail(`${at}.productName must be a text of 1 to ${MAX_PRODUCT_NAME} characters, or absent`);
    }
    if (!isCount(line.quantity, MAX_UNITS_PER_ORDER)) fail(`${at}.quantity must be a whole number from 1 to ${MAX_UNITS_PER_ORDER}`);
    if (!isCount(line.devices, MAX_DEVICES_PER_LICENSE)) fail(`${at}.devices must be a whole number from 1 to ${MAX_DEVICES_PER_LICENSE}`);
    if (line.term !== 'MONTHLY' && line.term !== 'ANNUAL' && line.term !== null) fail(`${at}.term must be MONTHLY, ANNUAL or null`);
    if (typeof line.autoRenew !== 'boolean') fail(`${at}.autoRenew must be true or false`);
    if (line.autoRenew && line.term === null) fail(`${at}: a perpetual license (term null) cannot have the Auto-Renewal Plan`);
    units += line.quantity as number;
    return {
      orderItemId: line.orderItemId as string,
      productId: line.productId as string,
      productName: (line.productName as string | null | undefined) ?? null,
      quantity: line.quantity as number,
      devices: line.devices as number,
      term: line.term as OrderConfirmedLine['term'],
      autoRenew: line.autoRenew as boolean,
    };
  });
  if (units > MAX_UNITS_PER_ORDER) fail(`an order issues at most ${MAX_UNITS_PER_ORDER} licenses, this one ${units}`);
  return { orderId: orderId as string, orderNumber: orderNumber as string, accountId: accountId as string | null, confirmedAt: confirmedAt as string, lines: parsed };
}
