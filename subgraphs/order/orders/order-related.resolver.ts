import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { OrderContext } from '../order.context';
import { Order } from './order.entity';

/** O2: an order and the purchases tied to it later (a Backup CD for one of its download items). */
@Resolver(() => Order)
export class OrderRelatedResolver {
  @FieldResolver(() => [Order], {
    description: 'Orders placed later for items of this order, such as a Backup CD for a download (O2), oldest first. Shown to whoever may see this order.',
  })
  laterPurchases(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<Order[]> {
    return ctx.loaders.laterOrdersByOrder.load(order.id);
  }

  @FieldResolver(() => Order, { nullable: true, description: 'For an additional purchase (a Backup CD bought later, O2): the earlier order it is tied to, if the caller may see it.' })
  async relatedOrder(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<Order | null> {
    if (!order.relatedOrderId) return null;
    return ctx.services.orders.visible(ctx.identity, await ctx.loaders.orderById.load(order.relatedOrderId));
  }
}
