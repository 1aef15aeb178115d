import type { HttpRoute } from '../kernel/http';
import { BOUNDS, readTextFields } from '../kernel/input-bounds';
import type { EventRoutes } from '../kernel/outbox/outbox';

/**
 * The events that cross subgraphs, and who consumes each: the contract between producers and
 * consumers in one place. Each consumer declares a handler for every type routed to it
 * (test/events.spec.ts checks both ways). More flows of X2 join as their rules land: renewal
 * paid → license extended.
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

/**
 * O1, S1, X2: an order's payment is secured (a card or PayPal authorization at placement, or a
 * wire transfer received) → the subscription subgraph issues one license per unit of each
 * licensed line, exactly once. Everything the licenses need travels in the event: the
 * subscription subgraph never reads the catalog.
 *
 * What the producer guarantees: it publishes with aggregateType "order" and aggregateId =
 * orderId (so events of one order arrive in order); `lines` holds only lines that carry a
 * license (never an add-on such as the Backup CD), each order item once; `autoRenew` only with
 * a term. The consumer issues per order item and unit, so publishing again for the same order
 * (a re-sent confirmation) issues nothing twice.
 */
export const ORDER_CONFIRMED = 'order.confirmed';
export interface OrderConfirmed {
  orderId: string;
  orderNumber: string;
  /** The signed-in buyer, or null for a guest: the licenses are bound when registered (A2). */
  accountId: string | null;
  /** ISO 8601: the paid term of each license starts here. */
  confirmedAt: string;
  lines: OrderConfirmedLine[];
}
export interface OrderConfirmedLine {
  orderItemId: string;
  productId: string;
  /**
   * The product's name as sold, kept with each license so that the subscription subgraph
   * answers `License.product { name }` itself (one round trip less for the Dashboard). Null
   * from producers older than the field: such licenses' product name is then unknown there.
   */
  productName: string | null;
  /** One license per unit. */
  quantity: number;
  /** Devices each license covers. */
  devices: number;
  /** Length of the paid term; null for a perpetual license (a one-off product). */
  term: 'MONTHLY' | 'ANNUAL' | null;
  /** The Auto-Renewal Plan was chosen for this line (S3). */
  autoRenew: boolean;
}

/**
 * O12, S6, X2: a return's refund was initiated → the subscription subgraph revokes the licenses
 * of the returned units (order item and unit, as issued by order.confirmed) and, for every
 * license term the order paid that is not a revoked license's own (a renewal), turns the
 * Auto-Renewal Plan off and takes the term back. Published with aggregateType "order" and
 * aggregateId = orderId, after that order's order.confirmed. A refund of tax alone (O6) has no
 * items and publishes nothing.
 */
export const REFUND_INITIATED = 'refund.initiated';
export interface RefundInitiated {
  refundId: string;
  orderId: string;
  orderNumber: string;
  /** ISO 8601. */
  initiatedAt: string;
  /** The units returned of each order item (1 … quantity bought). */
  items: Array<{ orderItemId: string; units: number[] }>;
}

/**
 * S3: a reminder of the renewal of a license's term is due → the order subgraph, which knows
 * the price, the tax and the buyer's e-mail, mails the amount and the date. Aggregate
 * `license:<licenseId>`, like every renewal event, so a license's events arrive in order.
 */
export const RENEWAL_REMINDER = 'renewal.reminder';
export interface RenewalReminder {
  licenseId: string;
  /** The order that first issued the license (its buyer, billing address and card). */
  orderId: string;
  productId: string;
  serialNumber: string;
  /** ISO 8601: the end of the term being renewed. */
  termEnd: string;
  /** ISO 8601: when the renewal will be charged. */
  chargeAt: string;
}

/**
 * S3, S7: charge the renewal of a license's term → the order subgraph places a renewal order
 * charged to the stored payment method (never a card number), once per license, term and
 * attempt (its idempotency key), and answers with RENEWAL_PAID or RENEWAL_DECLINED.
 */
export const RENEWAL_REQUESTED = 'renewal.requested';
export interface RenewalRequested {
  licenseId: string;
  orderId: string;
  productId: string;
  serialNumber: string;
  /** The account the license is registered to, or null (a guest's license). */
  accountId: string | null;
  termEnd: string;
  /** 1 for the renewal, 2… for the retries of a declined one (S7). */
  attempt: number;
  /** ISO 8601: when the next try would be if this one is declined; null when this is the last try. */
  retryAt: string | null;
  /** ISO 8601: when the license lapses if this try is declined and it was the last. */
  lapsesAt: string;
}

/**
 * S3, S5, X2: a renewal order was paid → the subscription subgraph extends the license (same
 * serial, same activation code) and records the term with the order, once per order.
 */
export const RENEWAL_PAID = 'renewal.paid';
export interface RenewalPaid {
  licenseId: string;
  /** The renewal order. */
  orderId: string;
  /** The term an automatic renewal paid for; null for a renewal by hand (S5). */
  termEnd: string | null;
  paidAt: string;
}

/** S7: the charge of a renewal was declined → the subscription subgraph schedules the next try or lets the license lapse. */
export const RENEWAL_DECLINED = 'renewal.declined';
export interface RenewalDeclined {
  licenseId: string;
  termEnd: string;
  attempt: number;
  reason: string;
}

export const EVENT_ROUTES: EventRoutes = {
  [LICENSE_REGISTERED]: ['subscription'],
  [ACCOUNTS_MERGED]: ['order', 'subscription'],
  [ORDER_CONFIRMED]: ['subscription'],
  [REFUND_INITIATED]: ['subscription'],
  [RENEWAL_REMINDER]: ['order'],
  [RENEWAL_REQUESTED]: ['order'],
  [RENEWAL_PAID]: ['subscription'],
  [RENEWAL_DECLINED]: ['subscription'],
};

/**
 * Synchronous question of the order subgraph to the subscription subgraph before a renewal by
 * hand (S5): body `{ licenseId }`; the answer `{ license: RenewalBasis | null }`.
 */
export const RENEWAL_BASIS_PATH = '/internal/licenses/renewal-basis';
export const RENEWAL_BASIS_BODY = { licenseId: BOUNDS.id };
export interface RenewalBasis {
  licenseId: string;
  accountId: string | null;
  /** The order that first issued the license; null for a partner's (A8). */
  orderId: string | null;
  productId: string;
  serialNumber: string;
  partner: boolean;
  revoked: boolean;
  /** Null for a perpetual license (nothing to renew). */
  billingPeriod: 'MONTHLY' | 'ANNUAL' | null;
  expiresAt: string | null;
  autoRenew: boolean;
}

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
  /** Null for a perpetual license. */
  expiresAt: string | null;
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
