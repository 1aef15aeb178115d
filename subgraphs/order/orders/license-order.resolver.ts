import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { OrderContext } from '../order.context';
import { Order } from './order.entity';
import { LicenseRef } from '../order.stubs';

/** Contributes `License.order`: the order that first issued the license (X1). */
@Resolver(() => LicenseRef)
export class LicenseOrderResolver {
  @Directive('@requires(fields: "orderId")')
  @FieldResolver(() => Order, { nullable: true, description: 'The order that first issued this license; null for a license bought from a partner (A8).' })
  async order(@Root() license: LicenseRef, @Ctx() ctx: OrderContext): Promise<Order | null> {
    if (!license.orderId) return null;
    return ctx.services.orders.visible(ctx.identity, await ctx.loaders.orderById.load(license.orderId));
  }
}
