import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import type { SubscriptionContext } from '../subscription.context';
import { AutoRenewalError, AutoRenewalResult } from './auto-renewal.types';
import type { License } from './license.entity';

const WHO =
  "For the account the license is registered to, or with the token of an order that issued or renewed it (O8, Quick Order Lookup); anyone else's license is NOT_FOUND, as one that does not exist.";

@Resolver()
export class AutoRenewalResolver {
  @Mutation(() => AutoRenewalResult, {
    description: `Turns the Auto-Renewal Plan off (S4: "Cancel Auto-Renewal", "Disable Auto-renew now"): no reminder, renewal or charge follows, and the license stays ACTIVE to the end of its paid term. Cancelling again changes nothing. ${WHO}`,
  })
  cancelAutoRenewal(
    @Arg('licenseId', () => ID, { description: bounded('The license.', BOUNDS.id) }) licenseId: string,
    @Ctx() ctx: SubscriptionContext,
  ): Promise<License | AutoRenewalError> {
    return ctx.services.autoRenewal.cancel(ctx.identity, licenseId);
  }

  @Mutation(() => AutoRenewalResult, {
    description: `Turns the Auto-Renewal Plan back on before the paid term ends (S3): the license renews by itself before expiry, charged to the card of the original purchase. Refused once the term has ended (LICENSE_EXPIRED: renew by hand), for a revoked license (LICENSE_REVOKED), a partner's (LICENSE_FROM_PARTNER, A8) or one without a term (LICENSE_NOT_RENEWABLE). Resuming again changes nothing. ${WHO}`,
  })
  resumeAutoRenewal(
    @Arg('licenseId', () => ID, { description: bounded('The license.', BOUNDS.id) }) licenseId: string,
    @Ctx() ctx: SubscriptionContext,
  ): Promise<License | AutoRenewalError> {
    return ctx.services.autoRenewal.resume(ctx.identity, licenseId);
  }
}
