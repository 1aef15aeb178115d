import { Ctx, Directive, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { License } from '../licenses/license.entity';
import type { SubscriptionContext } from '../subscription.context';

/**
 * What the order subgraph needs to contribute `License.nextRenewal` (S3) with `@requires`: the
 * product and the date of the next charge. Amount, price and tax are the order subgraph's
 * knowledge, the date this one's; neither reads the other's tables. Both fields stay out of the
 * public graph (`@inaccessible`): clients read `nextRenewal`.
 */
@Resolver(() => License)
export class LicenseRenewalResolver {
  @Directive('@inaccessible')
  @FieldResolver(() => ID, { description: 'The catalog product licensed (for the order subgraph; not in the public graph).' })
  productId(@Root() license: License): string {
    return license.productId;
  }

  @Directive('@inaccessible')
  @FieldResolver(() => Date, {
    nullable: true,
    description: 'When the next automatic renewal will be charged; null when none will (plan off, partner license, revoked, perpetual or lapsed). For the order subgraph; not in the public graph.',
  })
  async nextRenewalAt(@Root() license: License, @Ctx() ctx: SubscriptionContext): Promise<Date | null> {
    const cycles = await ctx.loaders.renewalCyclesByLicense.load(license.id);
    return ctx.services.renewals.nextRenewalAt(license, cycles.find((c) => c.termEnd.getTime() === license.expiresAt?.getTime()));
  }
}
