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
}

export const ANONYMOUS: Identity = Object.freeze({ accountId: null, roles: [] }) as Identity;

export const HEADERS = {
  /** Proves a request comes from the gateway (or another subgraph's relay). */
  gatewaySecret: 'x-gateway-secret',
  requestId: 'x-request-id',
  accountId: 'x-identity-account-id',
  roles: 'x-identity-roles',
  /** The caller's address as the gateway saw it (sign-in throttling, A3). */
  clientIp: 'x-client-ip',
} as const;

/** Headers a client may never set itself: the gateway removes them before anything else. */
export const TRUSTED_HEADERS: readonly string[] = [HEADERS.gatewaySecret, HEADERS.accountId, HEADERS.roles, HEADERS.clientIp];

export function identityToHeaders(identity: Identity): Record<string, string> {
  const headers: Record<string, string> = {};
  if (identity.accountId) headers[HEADERS.accountId] = identity.accountId;
  if (identity.roles.length) headers[HEADERS.roles] = identity.roles.join(',');
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
  return { accountId, roles };
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

/** Someone signed in: a customer, or staff. */
export function requireCaller(identity: Identity): void {
  if (!identity.accountId && !isStaff(identity)) throw unauthenticated();
}

export function assertCanReadAccount(identity: Identity, accountId: string): void {
  requireCaller(identity);
  if (!canReadAccount(identity, accountId)) throw forbidden();
}
