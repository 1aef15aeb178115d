import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { requireCaller } from '../../../kernel/identity';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import { Invoice } from '../invoices/invoice.entity';
import type { OrderContext } from '../order.context';
import { Order } from './order.entity';
import { OrderItem } from './order-item.entity';
import { AccountRef } from '../order.stubs';
import { Product } from '../catalog/product.entity';
import { Refund } from '../returns/refund.entity';
import { Payment } from '../payments/payment.entity';
import { Shipment } from '../fulfilment/shipment.entity';

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, {
    nullable: true,
    description:
      "One order by id (O8, O9): for the signed-in account that placed it, for the holder of the order's token (`Authorization: Bearer <OrderAccess.token>`), and for support and analysts; null when there is no such order you may see.",
  })
  async order(@Arg('id', () => ID, { description: bounded('Id of the order.', BOUNDS.id) }) id: string, @Ctx() ctx: OrderContext): Promise<Order | null> {
    requireCaller(ctx.identity);
    return ctx.services.orders.visible(ctx.identity, await ctx.loaders.orderById.load(id));
  }

  @FieldResolver(() => AccountRef, { nullable: true, description: 'The account that placed the order; null for a guest order, or, with an error naming it, when accounts cannot be read right now.' })
  account(@Root() order: Order): AccountRef | null {
    return order.accountId ? { id: order.accountId } : null;
  }

  @FieldResolver(() => [OrderItem], { description: 'The lines of the order.' })
  items(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<OrderItem[]> {
    return ctx.loaders.itemsByOrder.load(order.id);
  }

  @FieldResolver(() => Invoice, { nullable: true, description: 'The invoice of the order (O13); null only while it is being issued.' })
  invoice(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<Invoice | null> {
    return ctx.loaders.invoiceByOrder.load(order.id);
  }

  @FieldResolver(() => [Payment], { description: 'Movements of money on the order, oldest first: the hold at placement, each charge, the release of the hold, refunds (O5).' })
  payments(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<Payment[]> {
    return ctx.loaders.paymentsByOrder.load(order.id);
  }

  @FieldResolver(() => [Shipment], { description: 'Parcels of the physical items with their tracking (O7); empty for a download order.' })
  shipments(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<Shipment[]> {
    return ctx.loaders.shipmentsByOrder.load(order.id);
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
