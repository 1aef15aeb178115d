import { createUnionType, Field, ObjectType } from 'type-graphql';
import { ErrorCode } from '../../../kernel/error-codes';
import { ErrorResult } from '../../../kernel/error-result';
import { CartError } from '../cart/cart.types';
import { Order } from '../orders/order.entity';
import { DeclineReason } from '../payments/declines';

@ObjectType({
  description:
    'Access to one order (O8): a bearer token that opens this order and nothing else — send it as `Authorization: Bearer <token>` to read the order, its licenses and invoice.',
})
export class OrderAccess {
  @Field({ description: 'The order token. Keep it secret; it expires.' })
  token: string;

  @Field({ description: 'When the token stops working; look the order up again for a new one.' })
  expiresAt: Date;

  @Field(() => Order, { description: 'The order it opens.' })
  order: Order;
}

@ObjectType({ description: 'The order was placed: the total is pre-authorized (held) on the payment method (O5).' })
export class OrderConfirmation {
  @Field(() => String, {
    nullable: true,
    description:
      'The order password for Quick Order Lookup (O8), shown this once (and in the confirmation e-mail); stored only as a slow hash. Null when this answer repeats an earlier placement of the same cart.',
  })
  orderPassword: string | null;

  @Field(() => OrderAccess, { description: 'A token that opens the order at once.' })
  access: OrderAccess;
}

@ObjectType({ implements: ErrorResult, description: 'The payment was declined (O4): no order was created, the cart is unchanged for another try.' })
export class PaymentDeclined extends ErrorResult {
  @Field(() => DeclineReason, { description: 'Why the payment processor declined.' })
  reason: DeclineReason;

  @Field({ description: 'A number to quote to customer service, who can find the attempt by it.' })
  errorNumber: string;
}

export function paymentDeclined(reason: DeclineReason, message: string, errorNumber: string): PaymentDeclined {
  return Object.assign(new PaymentDeclined(), { code: ErrorCode.PAYMENT_DECLINED, message, reason, errorNumber });
}

export const PlaceOrderResult = createUnionType({
  name: 'PlaceOrderResult',
  description: 'The confirmation of the new order, a declined payment, or why the cart could not be placed (nothing was charged then).',
  types: () => [OrderConfirmation, PaymentDeclined, CartError] as const,
});
