import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { OrderContext } from '../order.context';
import { Order } from '../orders/order.entity';
import { DownloadFile } from './download.types';

/** Contributes `Order.downloads` (O10). */
@Resolver(() => Order)
export class OrderDownloadsResolver {
  @FieldResolver(() => [DownloadFile], {
    description:
      'The files of the downloaded items (O10), each with a fresh signed link that expires in minutes: ask again for a new one, at any time. Empty while a wire transfer is awaited, and once the whole order was returned.',
  })
  async downloads(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<DownloadFile[]> {
    const publicUrl = requirePublicUrl(ctx);
    const items = await ctx.loaders.itemsByOrder.load(order.id);
    const productIds = [...new Set(items.map((i) => i.productId))];
    // One statement for every product of the order (and of every order in the request).
    const files = await Promise.all(productIds.map((id) => ctx.loaders.filesByProduct.load(id)));
    const byProduct = new Map(productIds.map((id, n) => [id, files[n]]));
    return ctx.services.downloads.linksFor(order, items, (productId) => byProduct.get(productId) ?? [], publicUrl);
  }
}

/** The gateway's public address, which every link a client follows starts with. */
export function requirePublicUrl(ctx: OrderContext): string {
  if (!ctx.publicUrl) throw new Error('no public URL: the gateway sends x-gateway-public-url with every request');
  return ctx.publicUrl;
}
