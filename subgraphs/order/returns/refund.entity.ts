import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Money, money } from '../../../kernel/money';

export enum RefundState {
  REQUESTED = 'REQUESTED',
  AWAITING_LETTER_OF_DESTRUCTION = 'AWAITING_LETTER_OF_DESTRUCTION',
  INITIATED = 'INITIATED',
  CREDITED = 'CREDITED',
  FAILED = 'FAILED',
}
registerEnumType(RefundState, {
  name: 'RefundState',
  description: 'Where a return and its refund stand (O12).',
  valuesConfig: {
    REQUESTED: { description: 'The return was requested and the refund is being sent to the payment processor.' },
    AWAITING_LETTER_OF_DESTRUCTION: { description: 'A physical shipment: processing starts once the customer accepts the Electronic Letter of Destruction (acceptLetterOfDestruction).' },
    INITIATED: { description: 'The refund was sent to the original card or PayPal account (or what was only held was released); see expectedCreditBy.' },
    CREDITED: { description: 'The refund has reached the customer.' },
    FAILED: { description: 'The payment processor could not refund the card or PayPal account (for example, the card was closed): customer service pays it back another way.' },
  },
});

export enum RefundKind {
  RETURN = 'RETURN',
  TAX_EXEMPTION = 'TAX_EXEMPTION',
}
registerEnumType(RefundKind, {
  name: 'RefundKind',
  description: 'Why money is paid back.',
  valuesConfig: {
    RETURN: { description: 'Items were returned under the 30-day money-back guarantee (O12).' },
    TAX_EXEMPTION: { description: "The order's tax, paid back after support approved a tax-exemption certificate (O6)." },
  },
});

/** A return of a whole order or some items, and the refund of its money (O12); or a tax refund (O6). */
@ObjectType({ description: 'A return of a whole order or some of its items and the refund of its money (O12), or the refund of the tax of a tax-exempt customer (O6).' })
@Entity({ name: 'refunds' })
export class Refund {
  @Field(() => ID, { description: 'Stable identifier of the refund.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_refunds_order')
  @Column({ type: 'varchar', length: 36 })
  orderId: string;

  @Field(() => RefundKind, { description: 'A return of items, or the refund of the tax of a tax-exempt customer.' })
  @Column({ type: 'varchar', length: 24, default: RefundKind.RETURN })
  kind: RefundKind;

  @Field(() => RefundState, { description: 'Where the refund stands.' })
  @Column({ type: 'varchar', length: 40 })
  state: RefundState;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  /** Everything paid back, tax and shipping included. */
  @Column({ type: 'int' })
  amountMinor: number;

  /** The tax share of amountMinor (added sales tax, or the VAT it includes). */
  @Column({ type: 'int', default: 0 })
  taxMinor: number;

  /** The shipping share of amountMinor, its tax included. */
  @Column({ type: 'int', default: 0 })
  shippingMinor: number;

  /** Why the customer returns the items, as they wrote it. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Field({ description: 'When the customer requested the return.' })
  @Column({ type: 'datetime', precision: 3 })
  requestedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the customer accepted the Electronic Letter of Destruction; null for downloads and until then.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  letterOfDestructionAcceptedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the refund was sent to the payment method; null until then.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  initiatedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Latest date the credit is expected: 7 business days after initiation (O12).' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expectedCreditBy: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the credit reached the customer.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  creditedAt: Date | null;

  /** FAILED: the processor's reason and code (never shown to customers beyond the state). */
  @Column({ type: 'varchar', length: 140, nullable: true })
  failureReason: string | null;

  @Field(() => Money, { description: 'Amount refunded, its tax share and any shipping included.' })
  get amount(): Money {
    return money(this.amountMinor, this.currency);
  }

  @Field(() => Money, { description: 'The tax share of the amount: sales tax added to the prices, or the VAT included in them (O6).' })
  get tax(): Money {
    return money(this.taxMinor, this.currency);
  }

  @Field(() => Money, { description: 'The shipping share of the amount, its tax included (refunded with the last physical item returned).' })
  get shipping(): Money {
    return money(this.shippingMinor, this.currency);
  }
}

/** Which units of an order item a return takes back (O12): never more than bought nor twice. */
@ObjectType({ description: 'An order item, or some units of it, taken back by a return (O12).' })
@Entity({ name: 'refund_items' })
@Index('ix_refund_items_refund', ['refundId'])
@Index('ix_refund_items_item', ['orderItemId'])
export class RefundItem {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  refundId: string;

  @Field(() => ID, { description: 'The order item returned.' })
  @Column({ type: 'varchar', length: 36 })
  orderItemId: string;

  @Field(() => Int, { description: 'How many units of it.' })
  @Column({ type: 'int' })
  quantity: number;

  /** The unit numbers (1…quantity bought) returned: the licenses issued for them are revoked. */
  @Column({ type: 'simple-json' })
  units: number[];

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  /** Their share of the item's total, tax included. */
  @Column({ type: 'int' })
  amountMinor: number;

  @Column({ type: 'int' })
  taxMinor: number;

  @Field(() => Money, { description: 'What these units are refunded, their tax included.' })
  get amount(): Money {
    return money(this.amountMinor, this.currency);
  }
}
