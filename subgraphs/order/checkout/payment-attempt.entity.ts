import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum AttemptState {
  /** Written before the processor is asked; holds the cart's lock. */
  PENDING = 'PENDING',
  /** Authorized: the order exists. Keeps the cart's lock, so the cart never becomes a second order. */
  APPROVED = 'APPROVED',
  /** The processor declined: the cart is open for another try. */
  DECLINED = 'DECLINED',
  /** Never completed (the process died mid-way): any hold was released; the cart is open again. */
  ABANDONED = 'ABANDONED',
}

/**
 * One try at placing a cart's order (O3, O4): written before the processor is called, settled
 * with its answer. It is the record support finds by the error number the customer quotes, and
 * what keeps placement idempotent: `lockKey` (the cart's id hash while the try is pending or
 * approved, null otherwise) is unique, so any number of simultaneous placeOrder calls of one cart
 * make one try, one authorization and one order, on MySQL and SQLite alike.
 */
@Entity({ name: 'payment_attempts' })
@Index('ix_payment_attempts_cart', ['cartIdHash', 'createdAt'])
export class PaymentAttempt {
  /** Also the idempotency key of the authorization. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  cartIdHash: string;

  @Column({ type: 'varchar', length: 64, nullable: true, unique: true })
  lockKey: string | null;

  @Column({ type: 'varchar', length: 16 })
  state: AttemptState;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'varchar', length: 16 })
  paymentKind: string;

  @Column({ type: 'varchar', length: 24, nullable: true })
  cardBrand: string | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  cardLast4: string | null;

  /** O4: why the processor declined, its code, and the number the customer quotes to support. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  declineReason: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  processorCode: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true, unique: true })
  errorNumber: string | null;

  /** The processor's authorization, once approved. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  authorizationId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  orderId: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt: Date | null;
}
