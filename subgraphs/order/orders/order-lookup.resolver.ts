import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import type { OrderAccess } from '../checkout/checkout.types';
import type { OrderContext } from '../order.context';
import { LookupOrderInput, LookupOrderResult, ResetOrderPasswordResult, type OrderAccessError } from './order-access.types';

/** O8: reaching an order without an account — Quick Order Lookup and a forgotten order password. */
@Resolver()
export class OrderLookupResolver {
  @Mutation(() => LookupOrderResult, {
    description:
      'Quick Order Lookup (O8): the order number with the order password, or the e-mail address with the last 5 digits of the card, gives a token that opens that one order (its licenses, downloads, invoice and refunds) and nothing else. A wrong pair answers ORDER_LOOKUP_FAILED whatever was wrong; attempts are limited per order number or e-mail address and per client address (TOO_MANY_ATTEMPTS). A signed-in customer needs no lookup for the account\'s own orders.',
  })
  lookupOrder(@Arg('input', () => LookupOrderInput, { description: 'Exactly one pair: orderNumber and orderPassword, or email and cardLast5.' }) input: LookupOrderInput, @Ctx() ctx: OrderContext): Promise<OrderAccess | OrderAccessError> {
    return ctx.services.orderLookup.lookup(input, ctx.clientIp);
  }

  @Mutation(() => Boolean, {
    description:
      'A forgotten order password (O8): if the e-mail address and order number match an order, a link to choose a new password (single use, expiring) goes to that address. The answer is true either way.',
  })
  requestOrderPassword(
    @Arg('email', { description: bounded('The e-mail address given with the order.', BOUNDS.email) }) email: string,
    @Arg('orderNumber', { description: bounded('The order number, e.g. CG-12345678.', BOUNDS.orderNumber) }) orderNumber: string,
    @Ctx() ctx: OrderContext,
  ): Promise<boolean> {
    return ctx.services.orderPasswords.request(email, orderNumber, ctx.clientIp);
  }

  @Mutation(() => ResetOrderPasswordResult, {
    description:
      'Sets a new order password with the token of the e-mailed link (O8). Typed twice; it meets the password policy (A1). The old password stops working and the link works once; the answer opens the order.',
  })
  resetOrderPassword(
    @Arg('token', { description: bounded('The token from the link.', BOUNDS.secretToken) }) token: string,
    @Arg('newPassword', { description: bounded('The new order password; it must meet the password policy (A1).', BOUNDS.password) }) newPassword: string,
    @Arg('confirmPassword', { description: bounded('The new order password again.', BOUNDS.password) }) confirmPassword: string,
    @Ctx() ctx: OrderContext,
  ): Promise<OrderAccess | OrderAccessError> {
    return ctx.services.orderPasswords.reset(token, newPassword, confirmPassword);
  }
}
