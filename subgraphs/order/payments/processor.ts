import type { CardDetails } from './card';
import type { DeclineReason } from './declines';
import type { PostalAddress } from '../shipping/address';

export type { DeclineReason } from './declines';

/**
 * The payment processor port (O3–O5): the one interface a real processor (Stripe, Adyen,
 * Digital River…) is plugged in behind, and that the sandbox (sandbox-processor.ts) implements
 * for development and tests.
 *
 * Money moves in two steps, as the store's help pages describe: `authorize` places a hold at
 * checkout, `capture` charges some or all of it later (downloads the day after, physical items
 * as each ships), `release` frees whatever is left of the hold, `refund` returns money that was
 * captured. Amounts are integer minor units of an ISO 4217 currency.
 *
 * Contract every implementation keeps:
 * - **Idempotency.** Every call carries an idempotency key. The same key answers the same
 *   result and never moves money twice, whoever calls and however often. Reusing a key with
 *   different parameters is refused (`ProcessorRequestError`). Derive keys from what the call
 *   is for (e.g. `order:<id>:authorize`, `shipment:<id>:capture`) so a retry after a crash
 *   reuses them.
 * - **Outcomes are results, failures are throws.** A decline is a result with a typed reason
 *   and the processor's own code. A network failure or timeout throws
 *   `ProcessorUnavailableError`: the caller cannot know whether the processor acted, treats it
 *   as PROCESSING_ERROR towards the customer, and finds out later with `lookup` (or by
 *   repeating the call with the same key). A request the processor refuses as malformed (more
 *   than is left of a hold, an unknown authorization) throws `ProcessorRequestError`;
 *   repeating it does not help.
 * - **No card data kept by us.** The card's number and security code travel only inside the
 *   `CARD` source of `authorize`. Later charges (renewals: S3, S5) use the processor's
 *   reusable reference (`storedReference`), never the number.
 * - **Call it outside any database transaction of ours**: it is another system, and a hold
 *   of a row lock across a network call is a hold on the whole store.
 */

/** The billing address sent for the processor's address check: a checked address (O3). */
export type { PostalAddress } from '../shipping/address';

/** Where the money comes from. */
export type PaymentSource =
  /** A card as entered (in memory only) and its billing address, for the processor's address check (O3). */
  | { kind: 'CARD'; card: CardDetails; billing: PostalAddress }
  | { kind: 'PAYPAL'; payerEmail: string }
  /** A reusable reference from an earlier authorization with `storeForReuse` (renewals: S3, S5). */
  | { kind: 'STORED'; reference: string };

export interface Declined {
  outcome: 'DECLINED';
  reason: DeclineReason;
  /** The processor's own code (e.g. `card_declined/expired_card`), for support and logs. */
  processorCode: string;
}

export interface AuthorizeRequest {
  idempotencyKey: string;
  amount: number;
  currency: string;
  source: PaymentSource;
  /** What the customer's statement shows (O5: CHARGE_DESCRIPTOR, e.g. "DRI*Commerce Graph"). */
  descriptor: string;
  /** Ask for a reusable reference to charge the same card or PayPal account later (Auto-Renewal Plan). */
  storeForReuse: boolean;
}

export type AuthorizeResult =
  | { outcome: 'APPROVED'; authorizationId: string; storedReference: string | null }
  | Declined;

export interface CaptureRequest {
  idempotencyKey: string;
  authorizationId: string;
  /** At most what is left of the hold (held − captured − released). */
  amount: number;
  currency: string;
}

export type CaptureResult = { outcome: 'CAPTURED'; captureId: string } | Declined;

export interface ReleaseRequest {
  idempotencyKey: string;
  authorizationId: string;
  /**
   * Free only this much of what is left of the hold (a partial void: items returned before they
   * were charged, O12); omitted, everything left is freed. Never more than is left.
   */
  amount?: number;
}

/** `releasedAmount`: what was freed (0 when nothing was left). */
export type ReleaseResult = { outcome: 'RELEASED'; releasedAmount: number };

export interface RefundRequest {
  idempotencyKey: string;
  captureId: string;
  /** At most what was captured and not yet refunded. */
  amount: number;
  currency: string;
}

export type RefundResult =
  | { outcome: 'REFUNDED'; refundId: string }
  | { outcome: 'FAILED'; reason: DeclineReason; processorCode: string };

export type ProcessorOperation = 'AUTHORIZE' | 'CAPTURE' | 'RELEASE' | 'REFUND';

/** What `lookup` finds: the call the processor recorded under a key, and what it answered. */
export type ProcessorCall =
  | { operation: 'AUTHORIZE'; result: AuthorizeResult }
  | { operation: 'CAPTURE'; result: CaptureResult }
  | { operation: 'RELEASE'; result: ReleaseResult }
  | { operation: 'REFUND'; result: RefundResult };

export interface PaymentProcessor {
  /** Short name for logs and the start banner (e.g. "sandbox"). */
  readonly name: string;
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>;
  capture(request: CaptureRequest): Promise<CaptureResult>;
  release(request: ReleaseRequest): Promise<ReleaseResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /**
   * The recorded call under a key, or null when the processor never completed a call with it
   * (then repeating the call with the same key is safe). For recovery after a crash or a
   * `ProcessorUnavailableError`.
   */
  lookup(idempotencyKey: string): Promise<ProcessorCall | null>;
}

/**
 * The processor could not be reached or did not answer in time: whether it acted is unknown.
 * Tell the customer PROCESSING_ERROR; settle it with `lookup` or a repeat with the same key.
 */
export class ProcessorUnavailableError extends Error {
  override readonly name = 'ProcessorUnavailableError';
}

/** The processor refused the request itself (a bug or a stale state on our side); nothing moved. */
export class ProcessorRequestError extends Error {
  override readonly name = 'ProcessorRequestError';
}

/** Idempotency keys: 1 to 128 printable ASCII characters without spaces (processors cap their length; keep keys short). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;
