import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { requireAccount } from '../../kernel/identity';
import { Invoice } from './invoice.entity';
import type { OrderContext } from './order.context';
import { Order } from './order.entity';
import { OrderItem } from './order-item.entity';
import { AccountRef } from './order.stubs';
import { Product } from './product.entity';
import { Refund } from './refund.entity';
import { bounded, BOUNDS } from '../../kernel/input-bounds';

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true, description: "One of the signed-in account's orders by id; null when there is no such order of yours." })
  async order(@Arg('id', () => ID, { description: bounded('Id of the order.', BOUNDS.id) }) id: string, @Ctx() ctx: OrderContext): Promise<Order | null> {
    requireAccount(ctx.identity);
    return ctx.services.orders.visible(ctx.identity, await ctx.loaders.orderById.load(id));
  }

  @FieldResolver(() => AccountRef, { description: 'The account that placed the order.' })
  account(@Root() order: Order): AccountRef {
    return { id: order.accountId };
  }

  @FieldResolver(() => [OrderItem], { description: 'The lines of the order.' })
  items(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<OrderItem[]> {
    return ctx.loaders.itemsByOrder.load(order.id);
  }

  @FieldResolver(() => Invoice, { nullable: true, description: 'The invoice of the order (O13); null only while it is being issued.' })
  invoice(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<Invoice | null> {
    return ctx.loaders.invoiceByOrder.load(order.id);
  }

  @FieldResolver(() => [Refund], { description: 'Returns and refunds of the order with their state (O12), oldest first.' })
  refunds(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<Refund[]> {
    return ctx.loaders.refundsByOrder.load(order.id);
  }
}

@Resolver(() => OrderItem)
export class OrderItemResolver {
  @FieldResolver(() => Product, { description: 'The product bought.' })
  async product(@Root() item: OrderItem, @Ctx() ctx: OrderContext): Promise<Product> {
    const product = await ctx.loaders.productById.load(item.productId);
    if (!product) throw new Error(`order item ${item.id} refers to missing product ${item.productId}`);
    return product;
  }
}
