import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Money, money } from '../../../kernel/money';
import { Address, type PostalAddressData } from './address.type';
import { PaymentKind, PaymentMethod } from './payment-method.type';

export enum OrderState {
  AWAITING_PAYMENT = 'AWAITING_PAYMENT',
  PAYMENT_LAPSED = 'PAYMENT_LAPSED',
  SUBMITTED = 'SUBMITTED',
  IN_FULFILMENT = 'IN_FULFILMENT',
  SHIPPED = 'SHIPPED',
  COMPLETED = 'COMPLETED',
  PARTIALLY_RETURNED = 'PARTIALLY_RETURNED',
  RETURNED = 'RETURNED',
  PARTIALLY_REFUNDED = 'PARTIALLY_REFUNDED',
  REFUNDED = 'REFUNDED',
}
registerEnumType(OrderState, {
  name: 'OrderState',
  description:
    'Where an order stands, as the order information page says it. A submitted order goes to the fulfilment agency at once: it cannot be cancelled or changed, and its shipping address and method stay as given (O7, O11). Money comes back only through a return (O12).',
  valuesConfig: {
    AWAITING_PAYMENT: {
      description: 'Waiting for your wire transfer: send the amount with the order number as reference (see wireTransfer). Nothing is delivered or shipped until the money arrives (O3).',
    },
    PAYMENT_LAPSED: { description: 'The wire transfer did not arrive in time: the order lapsed, nothing was delivered and nothing was charged (O3).' },
    SUBMITTED: {
      description:
        'Submitted: the amount is pre-authorized (held) on your card or PayPal account, and downloads and serial numbers are available now. Downloads are charged the day after the order; the hold is removed within 1–2 business days of the charge (O5).',
    },
    IN_FULFILMENT: {
      description: 'With the fulfilment agency: physical items ship within two business days of purchase, and each is charged when it ships (O5, O7). Downloads are available now.',
    },
    SHIPPED: {
      description: 'Shipped: every physical item is on its way and was charged as it shipped. Delivery takes as long as the shipping method says; only USPS Priority Mail has a tracking number (O7).',
    },
    COMPLETED: { description: 'Complete: delivered and charged (O5). Downloads stay available: download again at any time (O10).' },
    PARTIALLY_RETURNED: {
      description: 'Some items are being returned: their refund is on its way (see refunds for each one and when it is expected). The rest of the order stays yours (O12).',
    },
    RETURNED: {
      description: 'The whole order is being returned: its refund is on its way (see refunds). Downloads and licenses of the order stop working (O12).',
    },
    PARTIALLY_REFUNDED: { description: 'Some items were returned and their refund was credited to the original card or PayPal account (O12).' },
    REFUNDED: { description: 'The whole order was returned and refunded to the original card or PayPal account (O12).' },
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

/**
 * An order of the store (O1–O13). Amounts are integer minor units in the order's currency,
 * frozen at placement: what the customer saw is what the order says. The full card number and
 * the security code are never stored (O8): only the network, the last four digits, the expiry
 * and a keyed digest of the last five (for Quick Order Lookup).
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An order placed in the store: its items, prices and tax, payment, shipments, invoice and refunds.' })
@Entity({ name: 'orders' })
@Index('ix_orders_account_placed', ['accountId', 'placedAt', 'id'])
@Index('ix_orders_email_card', ['email', 'cardLast5Digest'])
export class Order {
  @Field(() => ID, { description: 'Stable identifier of the order.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  // Shareable: the subscription subgraph provides the number it was told on License.order.
  @Directive('@shareable')
  @Field({ description: 'The order number the customer quotes to customer service and uses for Quick Order Lookup.' })
  @Column({ type: 'varchar', length: 20, unique: true })
  number: string;

  /** The signed-in buyer; null for a guest, who reaches the order by Quick Order Lookup (O8). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  accountId: string | null;

  @Field(() => OrderKind, { description: 'A purchase, a renewal, or an additional purchase tied to an earlier order.' })
  @Column({ type: 'varchar', length: 24 })
  kind: OrderKind;

  @Field(() => OrderState, { description: 'Where the order stands.' })
  @Column({ type: 'varchar', length: 24 })
  state: OrderState;

  @Field({ description: 'When the order was submitted.' })
  @Column({ type: 'datetime', precision: 3 })
  placedAt: Date;

  /** The e-mail address given at checkout: confirmation mail and Quick Order Lookup (O8). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** The order password (O8), as a slow salted hash; null for orders placed without one. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  passwordHash: string | null;

  /**
   * When the customer chose a new order password through the e-mailed link (O8); null while the
   * order keeps the password made at checkout. The one made at checkout is compared without
   * case, spaces or dashes (it is read off an e-mail); a chosen one exactly as typed.
   */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  passwordChangedAt: Date | null;

  /** The cart this order was placed from: one cart, one order, however often it is placed. */
  @Column({ type: 'varchar', length: 64, nullable: true, unique: true })
  cartIdHash: string | null;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  subtotalAmount: number;

  @Column({ type: 'int' })
  shippingAmount: number;

  @Column({ type: 'int', default: 0 })
  shippingTaxAmount: number;

  @Column({ type: 'int' })
  taxAmount: number;

  @Column({ type: 'int' })
  totalAmount: number;

  @Field({ description: 'Whether the item prices include the tax (EU VAT) rather than having it added (US sales tax) (O6).' })
  @Column({ type: 'boolean', default: false })
  taxIncluded: boolean;

  @Column({ type: 'varchar', length: 16 })
  paymentKind: PaymentKind;

  /** Card network as customers know it (e.g. "Visa"), when paid by card. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  cardBrand: string | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  cardLast4: string | null;

  @Column({ type: 'smallint', nullable: true })
  cardExpiryMonth: number | null;

  @Column({ type: 'smallint', nullable: true })
  cardExpiryYear: number | null;

  /** Keyed digest (HMAC) of the card's last five digits, for Quick Order Lookup (O8). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  cardLast5Digest: string | null;

  /** The processor's authorization of the total (O5). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  authorizationId: string | null;

  /** The processor's reusable reference to the payment method, for renewals (S3); never a card number. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  paymentReference: string | null;

  @Field({ description: 'How the charge appears on the card or PayPal statement (O5), e.g. "DRI*Commerce Graph".' })
  @Column({ type: 'varchar', length: 40, default: '' })
  chargeDescriptor: string;

  @Column({ type: 'simple-json', nullable: true })
  billingAddressData: PostalAddressData | null;

  @Column({ type: 'simple-json', nullable: true })
  shippingAddressData: PostalAddressData | null;

  /** How the physical items ship (O7); fixed once the order is submitted. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  shippingMethod: string | null;

  /**
   * Until when one step holds the order's payment with the processor (payments/processor-lease.ts):
   * charges, releases and refunds of one order never talk to the processor at the same time.
   */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  processorLeaseUntil: Date | null;

  /** O2: the earlier order an additional purchase (a Backup CD bought later) is tied to. */
  @Index('ix_orders_related')
  @Column({ type: 'varchar', length: 36, nullable: true })
  relatedOrderId: string | null;

  /** Wire transfer: the day the money must arrive by, or the order lapses. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  paymentDueBy: Date | null;

  @Field(() => Money, { description: 'Sum of the items (quantity × unit price), before shipping; it includes the VAT when taxIncluded.' })
  get subtotal(): Money {
    return money(this.subtotalAmount, this.currency);
  }

  @Field(() => Money, { description: 'Shipping charge (zero for downloads); it includes the VAT when taxIncluded.' })
  get shipping(): Money {
    return money(this.shippingAmount, this.currency);
  }

  @Field(() => Money, { description: 'Sales tax or VAT of the order (O6): added to the prices, or included in them when taxIncluded.' })
  get tax(): Money {
    return money(this.taxAmount, this.currency);
  }

  @Field(() => Money, { description: 'The final amount of the order: what was authorized at placement and is charged (O5, O6).' })
  get total(): Money {
    return money(this.totalAmount, this.currency);
  }

  @Field(() => PaymentMethod, { description: 'How the order was paid: network and last digits only (O9).' })
  get paymentMethod(): PaymentMethod {
    return Object.assign(new PaymentMethod(), { kind: this.paymentKind, brand: this.cardBrand, last4: this.cardLast4 });
  }

  /** The billing address (Order.billingAddress in the schema, masked for analysts: order-page.resolver.ts). */
  get billingAddress(): Address | null {
    return this.billingAddressData ? Address.of(this.billingAddressData) : null;
  }

  /** Where the physical items ship (Order.shippingAddress in the schema, masked for analysts). */
  get shippingAddress(): Address | null {
    return this.shippingAddressData ? Address.of(this.shippingAddressData) : null;
  }
}
