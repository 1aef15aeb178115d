import type { OrderContext } from '../order.context';
import type { Product } from './product.entity';

/** The catalog is public: any caller may resolve a product reference. */
export function resolveProductReference(ref: Pick<Product, 'id'>, ctx: OrderContext): Promise<Product | null> {
  return ctx.loaders.productById.load(ref.id);
}
