import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import type { OrderContext } from '../order.context';
import { LicenseRef } from '../order.stubs';
import type { OrderConfirmation, PaymentDeclined } from '../checkout/checkout.types';
import { PaymentInput } from '../payments/payment.types';
import { NextRenewal, RenewSubscriptionResult, type RenewalError } from './renewal.types';

/** S3: contributes `License.nextRenewal`, priced here from what the subscription subgraph says of the license. */
@Resolver(() => LicenseRef)
export class LicenseRenewalResolver {
  @Directive('@requires(fields: "orderId productId nextRenewalAt")')
  @FieldResolver(() => NextRenewal, {
    nullable: true,
    description: 'The next automatic renewal (S3): when it is charged and how much (current price and tax for the billing address). Null when the Auto-Renewal Plan is off, for a partner\'s license (A8), a revoked, perpetual or lapsed one.',
  })
  nextRenewal(@Root() license: LicenseRef, @Ctx() ctx: OrderContext): Promise<NextRenewal | null> {
    return ctx.services.renewals.nextRenewal(license);
  }
}

/** S5: "Renew Subscription". Thin: the renewal service owns every rule. */
@Resolver()
export class RenewSubscriptionResolver {
  @Mutation(() => RenewSubscriptionResult, {
    description:
      'Renews a subscription by hand with a new card or PayPal (S5): a new order that extends the same license (same serial number and activation code) once paid. With the Auto-Renewal Plan on, later renewals use this payment method. A declined payment leaves the license unchanged.',
  })
  renewSubscription(
    @Arg('licenseId', () => ID, { description: bounded('The license to renew.', BOUNDS.id) }) licenseId: string,
    @Arg('payment', () => PaymentInput, { description: 'A card or PayPal (a wire transfer is refused for renewals).' }) payment: PaymentInput,
    @Ctx() ctx: OrderContext,
  ): Promise<OrderConfirmation | PaymentDeclined | RenewalError> {
    return ctx.services.renewals.renewByHand(ctx.identity, licenseId, payment, ctx.requestId);
  }
}
