import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Money, money } from '../../../kernel/money';
import { PaymentMethod, PaymentKind } from './payment-method.type';

export enum OrderState {
  PLACED = 'PLACED',
  PAID = 'PAID',
  SHIPPED = 'SHIPPED',
  PARTIALLY_REFUNDED = 'PARTIALLY_REFUNDED',
  REFUNDED = 'REFUNDED',
}
registerEnumType(OrderState, {
  name: 'OrderState',
  description: 'Where an order stands. A submitted order goes to fulfilment at once and cannot be cancelled (O11).',
  valuesConfig: {
    PLACED: { description: 'Submitted; the amount is pre-authorized (held) on the payment method (O5).' },
    PAID: { description: 'Charged: downloads the day after the order (O5).' },
    SHIPPED: { description: 'Physical items shipped and charged (O5, O7).' },
    PARTIALLY_REFUNDED: { description: 'Some items were returned and refunded (O12).' },
    REFUNDED: { description: 'The whole order was returned and refunded (O12).' },
  },
});

export enum OrderKind {
  PURCHASE = 'PURCHASE',
  RENEWAL = 'RENEWAL',
  ADDITIONAL_PURCHASE = 'ADDITIONAL_PURCHASE',
}
registerEnumType(OrderKind, {
  name: 'OrderKind',
  description: 'Why the order exists.',
  valuesConfig: {
    PURCHASE: { description: 'A purchase in the store.' },
    RENEWAL: { description: 'A renewal of a subscription, automatic (S3) or by hand (S5).' },
    ADDITIONAL_PURCHASE: { description: 'An add-on bought later for an existing order, such as a Backup CD (O2).' },
  },
});

/** An order of the store (O1–O13). Amounts are integer minor units in the order's currency. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An order placed in the store: its items, prices and tax, payment, invoice and refunds.' })
@Entity({ name: 'orders' })
@Index('ix_orders_account_placed', ['accountId', 'placedAt', 'id'])
export class Order {
  @Field(() => ID, { description: 'Stable identifier of the order.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field({ description: 'The order number the customer quotes to customer service and uses for Quick Order Lookup.' })
  @Column({ type: 'varchar', length: 20, unique: true })
  number: string;

  /** The account that placed it; exposed as the `account` reference. */
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Field(() => OrderKind, { description: 'A purchase, a renewal, or an additional purchase tied to an earlier order.' })
  @Column({ type: 'varchar', length: 24 })
  kind: OrderKind;

  @Field(() => OrderState, { description: 'Where the order stands.' })
  @Column({ type: 'varchar', length: 24 })
  state: OrderState;

  @Field({ description: 'When the order was submitted.' })
  @Column({ type: 'datetime', precision: 3 })
  placedAt: Date;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  subtotalAmount: number;

  @Column({ type: 'int' })
  shippingAmount: number;

  @Column({ type: 'int' })
  taxAmount: number;

  @Column({ type: 'int' })
  totalAmount: number;

  @Column({ type: 'varchar', length: 16 })
  paymentKind: PaymentKind;

  /** Card network, when paid by card. The full card number is never stored (O8). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  cardBrand: string | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  cardLast4: string | null;

  @Field(() => Money, { description: 'Sum of the items before shipping and tax.' })
  get subtotal(): Money {
    return money(this.subtotalAmount, this.currency);
  }

  @Field(() => Money, { description: 'Shipping charge (zero for downloads).' })
  get shipping(): Money {
    return money(this.shippingAmount, this.currency);
  }

  @Field(() => Money, { description: 'Sales tax or VAT of the order (O6). For EU VAT it is included in the item prices.' })
  get tax(): Money {
    return money(this.taxAmount, this.currency);
  }

  @Field(() => Money, { description: 'The final amount charged for the order.' })
  get total(): Money {
    return money(this.totalAmount, this.currency);
  }

  @Field(() => PaymentMethod, { description: 'How the order was paid: brand and last digits only (O9).' })
  get paymentMethod(): PaymentMethod {
    return Object.assign(new PaymentMethod(), { kind: this.paymentKind, brand: this.cardBrand, last4: this.cardLast4 });
  }
}
