import { inspect } from 'node:util';
import { Field, InputType, Int } from 'type-graphql';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import { CARD_LIMITS } from './card';

/**
 * The payment a client sends with an order (O3): the names and shapes are the store's client
 * contract (schema/clients). Every rule is checked by `checkPayment` (card.ts), which answers a
 * typed problem; nothing here validates, so a bad value never becomes a thrown error.
 */
@InputType({ description: 'A card as the customer enters it. It is sent to the payment processor and never stored (O8).' })
export class CardInput {
  @Field({ description: bounded('The card number: 12 to 19 digits (by network), without spaces, dashes or any other character.', BOUNDS.cardNumber) })
  number: string;

  @Field(() => Int, { description: 'Expiry month printed on the card, 1 to 12.' })
  expiryMonth: number;

  @Field(() => Int, { description: `Expiry year printed on the card, with four digits (e.g. 2028), at most ${CARD_LIMITS.expiryYearsAhead} years ahead.` })
  expiryYear: number;

  @Field({ description: bounded('Security code (CVV2/CVC2/CID): 3 digits on the back, 4 digits on the front for American Express.', BOUNDS.cardSecurityCode) })
  cvc: string;

  @Field({ description: bounded('Cardholder name as printed on the card.', BOUNDS.name) })
  holderName: string;

  /** type-graphql makes arguments instances of this class: a logged input shows no card data. */
  toJSON(): Record<string, unknown> {
    return { number: '[redacted]', expiryMonth: this.expiryMonth, expiryYear: this.expiryYear, cvc: '[redacted]', holderName: '[redacted]' };
  }

  [inspect.custom](): string {
    return `CardInput(${JSON.stringify(this.toJSON())})`;
  }
}

@InputType({ description: 'A PayPal account: the customer approves the payment with PayPal.' })
export class PayPalInput {
  @Field({ description: bounded('E-mail address of the PayPal account.', BOUNDS.email) })
  payerEmail: string;
}

@InputType({
  description:
    'How the customer pays (O3): exactly one of `card`, `paypal`, or `wireTransfer: true`. Wire transfer is refused for an order with the Auto-Renewal Plan.',
})
export class PaymentInput {
  @Field(() => CardInput, { nullable: true, description: 'Pay by Visa, MasterCard/EuroCard, Discover, American Express, Diners Club or JCB card (check and ATM cards too).' })
  card?: CardInput | null;

  @Field(() => PayPalInput, { nullable: true, description: 'Pay with PayPal.' })
  paypal?: PayPalInput | null;

  @Field(() => Boolean, { nullable: true, description: 'true: pay by wire transfer; instructions follow once the order is submitted. Never false.' })
  wireTransfer?: boolean | null;
}
