import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Money, money } from '../../../kernel/money';

export enum RefundState {
  REQUESTED = 'REQUESTED',
  AWAITING_LETTER_OF_DESTRUCTION = 'AWAITING_LETTER_OF_DESTRUCTION',
  INITIATED = 'INITIATED',
  CREDITED = 'CREDITED',
  REJECTED = 'REJECTED',
}
registerEnumType(RefundState, {
  name: 'RefundState',
  description: 'Where a return and its refund stand (O12).',
  valuesConfig: {
    REQUESTED: { description: 'The return was requested and is being processed.' },
    AWAITING_LETTER_OF_DESTRUCTION: { description: 'A physical shipment: processing starts once the customer accepts the Electronic Letter of Destruction.' },
    INITIATED: { description: 'The refund was sent to the original card or PayPal account; see expectedCreditBy.' },
    CREDITED: { description: 'The refund has reached the customer.' },
    REJECTED: { description: 'The return was refused (for example, outside the 30-day window).' },
  },
});

/** A return of a whole order or some items, and the refund of its money (O12). */
@ObjectType({ description: 'A return of a whole order or some of its items, and the refund of its money (O12).' })
@Entity({ name: 'refunds' })
export class Refund {
  @Field(() => ID, { description: 'Stable identifier of the refund.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_refunds_order')
  @Column({ type: 'varchar', length: 36 })
  orderId: string;

  @Field(() => RefundState, { description: 'Where the refund stands.' })
  @Column({ type: 'varchar', length: 40 })
  state: RefundState;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  amountMinor: number;

  @Field({ description: 'When the customer requested the return.' })
  @Column({ type: 'datetime', precision: 3 })
  requestedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the refund was sent to the payment method; null until then.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  initiatedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Latest date the credit is expected: 7 business days after initiation (O12).' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expectedCreditBy: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the credit reached the customer.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  creditedAt: Date | null;

  @Field(() => Money, { description: 'Amount refunded.' })
  get amount(): Money {
    return money(this.amountMinor, this.currency);
  }
}
