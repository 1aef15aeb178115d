import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { assertCanReadAccount } from '../../../kernel/identity';
import { Installation } from '../installations/installation.entity';
import { billingContactOf, License, LicenseState } from './license.entity';
import type { SubscriptionContext } from '../subscription.context';
import { AccountRef, OrderRef, ProductRef } from '../subscription.stubs';

@Resolver(() => License)
export class LicenseResolver {
  @FieldResolver(() => LicenseState, {
    description: 'ACTIVE within the paid term (always, for a perpetual license), IN_GRACE after it while a declined renewal is retried (S7), EXPIRED after that, or REVOKED.',
  })
  state(@Root() license: License, @Ctx() ctx: SubscriptionContext): LicenseState {
    return ctx.services.licenses.stateOf(license);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'While IN_GRACE (S7): when the license lapses unless a renewal succeeds first. Null in every other state.' })
  graceEndsAt(@Root() license: License, @Ctx() ctx: SubscriptionContext): Date | null {
    return ctx.services.licenses.stateOf(license) === LicenseState.IN_GRACE ? license.graceUntil : null;
  }

  @FieldResolver({ description: 'Whom to ask about billing for this license (A8): the partner it was bought from, or this store.' })
  billingContact(@Root() license: License): string {
    return billingContactOf(license);
  }

  // The name as sold comes with the license, so the gateway asks the catalog for nothing more
  // on the Dashboard; any other product field is still the order subgraph's.
  @Directive('@provides(fields: "name")')
  @FieldResolver(() => ProductRef, { nullable: true, description: 'The product licensed. Null, with an error naming it, when the catalog cannot be read right now.' })
  product(@Root() license: License): ProductRef {
    return license.productName === null ? { id: license.productId } : { id: license.productId, name: license.productName };
  }

  // The number comes with the license; the order itself (any other field) is the order
  // subgraph's, which checks again who reads it.
  @Directive('@provides(fields: "number")')
  @FieldResolver(() => OrderRef, { nullable: true, description: 'The order that first issued this license; null for a license bought from a partner (A8).' })
  order(@Root() license: License, @Ctx() ctx: SubscriptionContext): OrderRef | null {
    return ctx.services.licenses.orderOf(ctx.identity, license);
  }

  @FieldResolver(() => AccountRef, { nullable: true, description: 'The account the license is registered to; null until the product is registered (A2).' })
  account(@Root() license: License): AccountRef | null {
    return license.accountId ? { id: license.accountId } : null;
  }

  @FieldResolver(() => [Installation], { description: 'Every registered installation of the license (S2), oldest first.' })
  installations(@Root() license: License, @Ctx() ctx: SubscriptionContext): Promise<Installation[]> {
    return ctx.loaders.installationsByLicense.load(license.id);
  }
}

/** Contributes `Account.licenses`. */
@Resolver(() => AccountRef)
export class AccountLicensesResolver {
  @FieldResolver(() => [License], {
    nullable: true,
    description: 'Every license registered to the account, soonest expiry first, perpetual licenses last (S1). Null, with an error naming it, when licenses cannot be read right now.',
  })
  licenses(@Root() account: AccountRef, @Ctx() ctx: SubscriptionContext): Promise<License[]> {
    assertCanReadAccount(ctx.identity, account.id);
    return ctx.loaders.licensesByAccount.load(account.id);
  }
}

/** Contributes `Order.licenses`. */
@Resolver(() => OrderRef)
export class OrderLicensesResolver {
  @FieldResolver(() => [License], {
    nullable: true,
    description: 'The licenses this order issued or extended (a renewal extends, never re-issues: S1). Null, with an error naming it, when licenses cannot be read right now.',
  })
  async licenses(@Root() order: OrderRef, @Ctx() ctx: SubscriptionContext): Promise<License[]> {
    const licenses = await ctx.loaders.licensesByOrder.load(order.id);
    return licenses.filter((l) => ctx.services.licenses.visibleTo(ctx.identity, l));
  }
}
