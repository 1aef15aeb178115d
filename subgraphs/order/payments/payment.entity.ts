import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Money, money } from '../../../kernel/money';

export enum PaymentOperation {
  AUTHORIZATION = 'AUTHORIZATION',
  CAPTURE = 'CAPTURE',
  RELEASE = 'RELEASE',
  REFUND = 'REFUND',
  VOID = 'VOID',
  WIRE_TRANSFER = 'WIRE_TRANSFER',
}
registerEnumType(PaymentOperation, {
  name: 'PaymentOperation',
  description: 'A movement of money on an order (O5).',
  valuesConfig: {
    AUTHORIZATION: { description: 'The pre-authorization (hold) of the total, at placement.' },
    CAPTURE: { description: 'A charge: downloads the day after the order, each shipment as it ships.' },
    RELEASE: { description: 'What was left of the hold, released 1 to 2 business days after the last charge.' },
    REFUND: { description: 'Money sent back to the original card or PayPal account (O12).' },
    VOID: { description: 'Part of the hold given up because the items it was for were returned before they were charged (O12): that money is never charged.' },
    WIRE_TRANSFER: { description: 'A wire transfer received.' },
  },
});

export enum PaymentState {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PaymentState, {
  name: 'PaymentState',
  description: 'Whether a movement of money went through.',
  valuesConfig: {
    PENDING: { description: 'Due, or asked of the payment processor and not answered yet.' },
    SUCCEEDED: { description: 'Done.' },
    FAILED: { description: 'Refused by the payment processor.' },
    CANCELLED: { description: 'No longer due: everything this charge was for was returned before it was charged (O12).' },
  },
});

/**
 * A movement of money on an order, and the record of asking the processor for it. A row is
 * written PENDING, with its idempotency key, before the processor is called (outside any
 * transaction), then settled with the answer: a crash in between leaves a PENDING row whose
 * job asks again with the same key, so no charge is ever made twice or left unrecorded.
 */
@ObjectType({ description: 'A movement of money on an order: the hold, each charge, the release of the hold, refunds (O5).' })
@Entity({ name: 'payments' })
@Index('ix_payments_order', ['orderId', 'createdAt'])
export class Payment {
  @Field(() => ID, { description: 'Stable identifier of the payment.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  orderId: string;

  @Field(() => PaymentOperation, { description: 'Hold, charge, release or refund.' })
  @Column({ type: 'varchar', length: 24 })
  kind: PaymentOperation;

  @Field(() => PaymentState, { description: 'Whether it went through.' })
  @Column({ type: 'varchar', length: 16 })
  state: PaymentState;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  amountMinor: number;

  /** When it was created (due), and when the processor answered. */
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  settledAt: Date | null;

  /** The key the processor deduplicates this call by. */
  @Column({ type: 'varchar', length: 80, unique: true })
  idempotencyKey: string;

  /** The processor's id of the authorization, capture or refund. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  processorId: string | null;

  /** The shipment a capture charged (O5: items shipped separately are charged separately). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  shipmentId: string | null;

  /** The refund a REFUND carries out (O12). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  refundId: string | null;

  /** The charge (a CAPTURE payment) a REFUND sends money back from (O12). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  capturePaymentId: string | null;

  /** Why the processor refused, and its code (O4). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  failureReason: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  processorCode: string | null;

  @Field(() => Money, { description: 'Amount moved (or asked for).' })
  get amount(): Money {
    return money(this.amountMinor, this.currency);
  }

  @Field({ description: 'When it happened: when the processor answered, or when it was asked for while pending.' })
  get at(): Date {
    return this.settledAt ?? this.createdAt;
  }
}

/** A new movement of money on an order; PENDING ones are settled by the processor's answer. */
export function newPayment(
  order: { id: string; currency: string },
  kind: PaymentOperation,
  state: PaymentState,
  amount: number,
  idempotencyKey: string,
  now: Date,
  links: Partial<Pick<Payment, 'processorId' | 'shipmentId' | 'refundId' | 'capturePaymentId'>> = {},
): Payment {
  return Object.assign(new Payment(), {
    id: randomUUID(),
    orderId: order.id,
    kind,
    state,
    currency: order.currency,
    amountMinor: amount,
    createdAt: now,
    settledAt: state === PaymentState.PENDING ? null : now,
    idempotencyKey,
    processorId: links.processorId ?? null,
    shipmentId: links.shipmentId ?? null,
    refundId: links.refundId ?? null,
    capturePaymentId: links.capturePaymentId ?? null,
    failureReason: null,
    processorCode: null,
  });
}
