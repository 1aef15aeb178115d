import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { CartResult, CheckoutDetailsInput, type CartError, type CartView } from '../cart/cart.types';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import type { OrderContext } from '../order.context';
import { PaymentInput } from '../payments/payment.types';
import { PlaceOrderResult, type OrderConfirmation, type PaymentDeclined } from './checkout.types';

const CART_ID = bounded('The cart id.', BOUNDS.cartId);

/** O3–O7: checkout. Thin: the checkout service owns every rule. */
@Resolver()
export class CheckoutResolver {
  @Mutation(() => CartResult, {
    description:
      'Sets who buys and where it goes (O6, O7). The cart then shows shipping, tax and the final total, which is exactly what placeOrder authorizes. The billing country sets the currency.',
  })
  setCheckoutDetails(
    @Arg('cartId', () => ID, { description: CART_ID }) cartId: string,
    @Arg('details', () => CheckoutDetailsInput, { description: 'E-mail, billing address, and for physical items the shipping address and method.' }) details: CheckoutDetailsInput,
    @Ctx() ctx: OrderContext,
  ): Promise<CartView | CartError> {
    return ctx.services.checkout.setDetails(ctx.identity, cartId, details);
  }

  @Mutation(() => PlaceOrderResult, {
    description:
      'Submits the order (O3–O5, O11): the total the cart shows is pre-authorized on the payment method and the order goes to fulfilment at once; it cannot be cancelled or changed. Placing the same cart again answers with the same order. A declined payment says why, with a number to quote to customer service (O4).',
  })
  placeOrder(
    @Arg('cartId', () => ID, { description: CART_ID }) cartId: string,
    @Arg('payment', () => PaymentInput, { description: 'Exactly one of card, PayPal or wire transfer.' }) payment: PaymentInput,
    @Ctx() ctx: OrderContext,
  ): Promise<OrderConfirmation | PaymentDeclined | CartError> {
    return ctx.services.checkout.place(ctx.identity, cartId, payment);
  }
}
