import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CASE_SENSITIVE } from '../../../kernel/db';

/**
 * The sandbox processor's own records, as a real processor keeps them on its side: the calls
 * by idempotency key, the holds, the charges and the reusable payment methods. These tables
 * belong to the sandbox, not to the store: no business code reads them, and they are written
 * in the sandbox's own transactions. They never hold a card number or a security code: a card
 * is kept as its network, last four digits, expiry and the behaviour its test number asks for.
 */

/** What the sandbox does with a card or account after it approved it once. */
export type SandboxBehaviour = 'APPROVE' | 'DECLINE_LATER' | 'REFUND_FAILS';

/** One call of the port under its idempotency key, with the answer it got. */
@Entity({ name: 'sandbox_processor_calls' })
export class SandboxProcessorCall {
  /** Compared exactly: keys differing only in case are different keys. */
  @PrimaryColumn({ type: 'varchar', length: 128, collation: CASE_SENSITIVE })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 16 })
  operation: string;

  /** SHA-256 of the call's parameters (never card data): a key reused for another call is refused. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  /** The answer, as JSON. */
  @Column({ type: 'text' })
  result: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A card or PayPal account kept for later charges (`storedReference`, S3 renewals). */
@Entity({ name: 'sandbox_payment_methods' })
export class SandboxPaymentMethod {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  /** CARD or PAYPAL. */
  @Column({ type: 'varchar', length: 8 })
  kind: string;

  @Column({ type: 'varchar', length: 16 })
  behaviour: SandboxBehaviour;

  @Column({ type: 'varchar', length: 24, nullable: true })
  network: string | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  last4: string | null;

  @Column({ type: 'int', nullable: true })
  expiryMonth: number | null;

  @Column({ type: 'int', nullable: true })
  expiryYear: number | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  payerEmail: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A hold on a card or account: what was held, and how much of it was captured or released. */
@Entity({ name: 'sandbox_authorizations' })
export class SandboxAuthorization {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  /** CARD, PAYPAL or STORED: where the money came from. */
  @Column({ type: 'varchar', length: 8 })
  sourceKind: string;

  /** The stored payment method it was made with or created, if any. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  paymentMethodId: string | null;

  @Column({ type: 'varchar', length: 16 })
  behaviour: SandboxBehaviour;

  @Column({ type: 'varchar', length: 24, nullable: true })
  network: string | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  last4: string | null;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  /** Held at authorization, in minor units. */
  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'int', default: 0 })
  captured: number;

  @Column({ type: 'int', default: 0 })
  released: number;

  /** What the customer's statement shows (O5). */
  @Column({ type: 'varchar', length: 22 })
  descriptor: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A charge taken from a hold, and how much of it was refunded. */
@Entity({ name: 'sandbox_captures' })
export class SandboxCapture {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  authorizationId: string;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'int', default: 0 })
  refunded: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

export const SANDBOX_PROCESSOR_ENTITIES = [SandboxProcessorCall, SandboxPaymentMethod, SandboxAuthorization, SandboxCapture];
