import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum PaymentKind {
  CARD = 'CARD',
  PAYPAL = 'PAYPAL',
  WIRE_TRANSFER = 'WIRE_TRANSFER',
}
registerEnumType(PaymentKind, {
  name: 'PaymentKind',
  description: 'Kind of payment method (O3).',
  valuesConfig: {
    CARD: { description: 'A credit, debit, check or ATM card.' },
    PAYPAL: { description: 'A PayPal account.' },
    WIRE_TRANSFER: { description: 'A wire transfer (never for orders with the Auto-Renewal Plan).' },
  },
});

@ObjectType({ description: 'The payment method of an order, as safe to show: never the full card number.' })
export class PaymentMethod {
  @Field(() => PaymentKind, { description: 'Card, PayPal or wire transfer.' })
  kind: PaymentKind;

  @Field(() => String, { nullable: true, description: 'Card network (e.g. "Visa"), for cards.' })
  brand: string | null;

  @Field(() => String, { nullable: true, description: 'Last four digits of the card, for cards.' })
  last4: string | null;
}
