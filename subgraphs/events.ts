import type { HttpRoute } from '../kernel/http';
import { BOUNDS, readTextFields } from '../kernel/input-bounds';
import type { EventRoutes } from '../kernel/outbox/outbox';

/**
 * The events that cross subgraphs, and who consumes each: the contract between producers and
 * consumers in one place. Each consumer declares a handler for every type routed to it
 * (test/events.spec.ts checks both ways). More flows of X2 join as their rules land: order
 * paid → license issued or extended, refund initiated → plan off, accounts merged → moved.
 */
/** A2: a product was registered to an account → the subscription subgraph binds the license. */
export const LICENSE_REGISTERED = 'license.registered';

/** A6: account B was merged into account A → its orders and licenses move to A. */
export const ACCOUNTS_MERGED = 'accounts.merged';
export interface AccountsMerged {
  mergeId: string;
  fromAccountId: string;
  toAccountId: string;
}

export const EVENT_ROUTES: EventRoutes = {
  [LICENSE_REGISTERED]: ['subscription'],
  [ACCOUNTS_MERGED]: ['order', 'subscription'],
};

/**
 * Synchronous question of the account subgraph to the subscription subgraph (A2, A5): body
 * `{ code }`, a serial number or activation code within the bound clients are held to. A body
 * out of bounds gets a 400 `InputRefusal`, which the asking service's InternalClient turns back
 * into BAD_USER_INPUT (or the caller into its typed result).
 */
export const LICENSE_LOOKUP_PATH = '/internal/licenses/lookup';
export const LICENSE_LOOKUP_BODY = { code: BOUNDS.productCode };
export interface LicenseLookup {
  licenseId: string | null;
  registeredTo: string | null;
}

/** What an account holds in a subgraph, for the merge preview (A6). Asked of order and subscription with `{ accountId }`. */
export const HOLDINGS_PATH = '/internal/accounts/holdings';
export const HOLDINGS_BODY = { accountId: BOUNDS.id };
export interface LicenseHolding {
  serialNumber: string;
  expiresAt: string;
  autoRenew: boolean;
}
export interface OrderHolding {
  number: string;
  placedAt: string;
  totalAmount: number;
  currencyCode: string;
}

/** The internal endpoint that answers HOLDINGS_PATH in a subgraph. */
export function holdingsRoute(read: (accountId: string) => Promise<unknown[]>): HttpRoute {
  return {
    method: 'POST',
    path: HOLDINGS_PATH,
    handle: async (body) => {
      const checked = readTextFields(body, HOLDINGS_BODY);
      if ('status' in checked) return checked;
      return { status: 200, body: { items: await read(checked.values.accountId) } };
    },
  };
}
