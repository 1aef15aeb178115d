import { requireCaller } from '../../../kernel/identity';
import type { OrderContext } from '../order.context';
import type { Order } from './order.entity';

/** `Order` references from other subgraphs: only the ordering account or staff see it. */
export async function resolveOrderReference(ref: Pick<Order, 'id'>, ctx: OrderContext): Promise<Order | null> {
  requireCaller(ctx.identity);
  return ctx.services.orders.visible(ctx.identity, await ctx.loaders.orderById.load(ref.id));
}
