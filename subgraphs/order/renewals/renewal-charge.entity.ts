import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum ChargeKind {
  /** Auto-Renewal (S3) or one of its retries (S7). */
  AUTOMATIC = 'AUTOMATIC',
  /** "Renew Subscription" by hand with a new card (S5). */
  MANUAL = 'MANUAL',
}

export enum ChargeState {
  /** Asked for; the processor's answer is not recorded yet. */
  PENDING = 'PENDING',
  /** Approved: the renewal order exists (`orderId`). */
  PAID = 'PAID',
  DECLINED = 'DECLINED',
  /** A renewal by hand whose request never finished; any hold was released (recovery). */
  ABANDONED = 'ABANDONED',
}

/**
 * One try at charging the renewal of a license (S3, S5, S7). Its idempotency key is unique and
 * is the processor's key: an automatic one is `renewal:<license>:<term end>:<attempt>`, so a
 * second delivery of the request, a second worker or a restart after a crash charges nothing
 * twice. The latest paid one names the order whose stored payment method the next renewal uses.
 */
@Entity({ name: 'renewal_charges' })
@Index('ix_renewal_charges_license', ['licenseId', 'state'])
export class RenewalCharge {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 140, unique: true })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ChargeKind;

  @Column({ type: 'varchar', length: 16 })
  state: ChargeState;

  @Column({ type: 'varchar', length: 36 })
  licenseId: string;

  @Column({ type: 'varchar', length: 40 })
  serialNumber: string;

  @Column({ type: 'varchar', length: 36 })
  productId: string;

  /** The account the license is registered to (the renewal order's account), or null. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  accountId: string | null;

  /** The order that first issued the license. */
  @Column({ type: 'varchar', length: 36 })
  originalOrderId: string;

  /** The end of the term an automatic renewal pays for; null for one by hand. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  termEnd: Date | null;

  @Column({ type: 'int', default: 1 })
  attempt: number;

  /** S7, for the e-mail after a decline: when the next try is, or null after the last one. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  retryAt: Date | null;

  /** S7: when the license lapses if this, the last try, is declined. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lapsesAt: Date | null;

  /** The renewal order, once paid. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  orderId: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  declineReason: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  processorCode: string | null;

  /** The number the customer quotes to customer service (O4). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  errorNumber: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  settledAt: Date | null;
}
