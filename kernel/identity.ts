import { timingSafeEqual, createHash } from 'node:crypto';
import { forbidden, unauthenticated } from './errors';

/**
 * Who is asking. The gateway verifies the caller and passes the result to subgraphs in headers
 * it sets itself (after dropping any such header a client sent); subgraphs trust those headers
 * only on requests that carry the gateway secret.
 */
export type Role = 'customer' | 'support' | 'analyst';
export const ROLES: readonly Role[] = ['customer', 'support', 'analyst'];

export interface Identity {
  /** The signed-in account, or null for an anonymous caller. */
  accountId: string | null;
  roles: Role[];
  /**
   * The one order an order token opens (O8: Quick Order Lookup, or the confirmation of a new
   * order). Such a caller has no account: it reads that order and what hangs off it, nothing else.
   */
  orderId?: string;
}

export const ANONYMOUS: Identity = Object.freeze({ accountId: null, roles: [] }) as Identity;

export const HEADERS = {
  /** Proves a request comes from the gateway (or another subgraph's relay). */
  gatewaySecret: 'x-gateway-secret',
  requestId: 'x-request-id',
  accountId: 'x-identity-account-id',
  roles: 'x-identity-roles',
  orderId: 'x-identity-order-id',
  /** The caller's address as the gateway saw it (sign-in throttling, A3). */
  clientIp: 'x-client-ip',
  /** Where clients reach the gateway (PUBLIC_URL): links to files point there (O10, O13). */
  publicUrl: 'x-gateway-public-url',
} as const;

/** Headers a client may never set itself: the gateway removes them before anything else. */
export const TRUSTED_HEADERS: readonly string[] = [HEADERS.gatewaySecret, HEADERS.accountId, HEADERS.roles, HEADERS.orderId, HEADERS.clientIp, HEADERS.publicUrl];

export function identityToHeaders(identity: Identity): Record<string, string> {
  const headers: Record<string, string> = {};
  if (identity.accountId) headers[HEADERS.accountId] = identity.accountId;
  if (identity.roles.length) headers[HEADERS.roles] = identity.roles.join(',');
  if (identity.orderId) headers[HEADERS.orderId] = identity.orderId;
  return headers;
}

type HeaderBag = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function identityFromHeaders(headers: HeaderBag): Identity {
  const accountId = single(headers[HEADERS.accountId])?.trim() || null;
  const roles = (single(headers[HEADERS.roles]) ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r): r is Role => (ROLES as string[]).includes(r));
  const orderId = single(headers[HEADERS.orderId])?.trim();
  return orderId ? { accountId, roles, orderId } : { accountId, roles };
}

/** Constant-time check of the gateway secret (hashing first evens out the lengths). */
export function isGatewaySecret(presented: string | string[] | undefined, secret: string): boolean {
  const value = single(presented);
  if (!value || !secret) return false;
  const a = createHash('sha256').update(value).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

export function isStaff(identity: Identity): boolean {
  return identity.roles.includes('support') || identity.roles.includes('analyst');
}

export function requireAccount(identity: Identity): string {
  if (!identity.accountId) throw unauthenticated();
  return identity.accountId;
}

/** The account's own holder, or staff (support, analyst), may read what belongs to an account. */
export function canReadAccount(identity: Identity, accountId: string): boolean {
  return identity.accountId === accountId || isStaff(identity);
}

/** Someone signed in (a customer, or staff), or the holder of an order token (O8). */
export function requireCaller(identity: Identity): void {
  if (!identity.accountId && !isStaff(identity) && !identity.orderId) throw unauthenticated();
}

/**
 * O8, O9: an order is read by the account that placed it, by staff, and by the holder of that
 * order's token; a guest's order (no account) only by the token holder and staff.
 */
export function canReadOrder(identity: Identity, order: { id: string; accountId: string | null }): boolean {
  if (identity.orderId === order.id) return true;
  return order.accountId !== null ? canReadAccount(identity, order.accountId) : isStaff(identity);
}

/** Only staff of a role (support changes things; analysts only read). */
export function requireStaffRole(identity: Identity, role: 'support' | 'analyst'): void {
  requireCaller(identity);
  if (!identity.accountId || !identity.roles.includes(role)) throw forbidden(role === 'support' ? 'Only a support agent can do this.' : 'Only an analyst can do this.');
}

export function assertCanReadAccount(identity: Identity, accountId: string): void {
  requireCaller(identity);
  if (!canReadAccount(identity, accountId)) throw forbidden();
}
