import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import { Product } from '../catalog/product.entity';
import type { OrderContext } from '../order.context';
import { CART_LIMITS, CartLineInput, CartLineView, CartResult, CartView, type CartError } from './cart.types';

const CART_ID = bounded('The cart id from an earlier cart operation.', BOUNDS.cartId);

/** O1, O2: the cart. Thin: the cart service owns every rule. */
@Resolver(() => CartView)
export class CartResolver {
  @Query(() => CartView, { nullable: true, description: 'A cart by its id (O1); null when it does not exist, expired, or belongs to another account.' })
  async cart(@Arg('id', () => ID, { description: CART_ID }) id: string, @Ctx() ctx: OrderContext): Promise<CartView | null> {
    const loaded = await ctx.services.carts.find(ctx.identity, id);
    if (!loaded) return null;
    return ctx.services.carts.view(loaded, await ctx.loaders.productsOf(loaded.lines.map((l) => l.productId)));
  }

  @Mutation(() => CartResult, { description: 'Puts products in a cart (O1, O2): a new cart when cartId is null. Nothing changes when one line is refused.' })
  addToCart(
    @Arg('cartId', () => ID, { nullable: true, description: bounded('The cart id from an earlier cart operation; null to start a new cart.', BOUNDS.cartId) }) cartId: string | null,
    @Arg('lines', () => [CartLineInput], { description: bounded('The products to add (at least one).', { maxItems: CART_LIMITS.linesPerRequest }) }) lines: CartLineInput[],
    @Ctx() ctx: OrderContext,
  ): Promise<CartView | CartError> {
    return ctx.services.carts.add(ctx.identity, cartId ?? null, lines);
  }

  @Mutation(() => CartResult, { description: 'Removes a line from the cart; a download line takes its Backup CD with it (O2).' })
  removeFromCart(
    @Arg('cartId', () => ID, { description: CART_ID }) cartId: string,
    @Arg('lineId', () => ID, { description: bounded('The line to remove (CartLine.id).', BOUNDS.id) }) lineId: string,
    @Ctx() ctx: OrderContext,
  ): Promise<CartView | CartError> {
    return ctx.services.carts.remove(ctx.identity, cartId, lineId);
  }

  @Mutation(() => CartResult, { description: 'Empties the cart to start a new order (O1): no lines, no checkout details.' })
  emptyCart(@Arg('cartId', () => ID, { description: CART_ID }) cartId: string, @Ctx() ctx: OrderContext): Promise<CartView | CartError> {
    return ctx.services.carts.empty(ctx.identity, cartId);
  }
}

@Resolver(() => CartLineView)
export class CartLineResolver {
  @FieldResolver(() => Product, { description: 'The product of the line.' })
  async product(@Root() line: CartLineView, @Ctx() ctx: OrderContext): Promise<Product> {
    const product = await ctx.loaders.productById.load(line.productId);
    if (!product) throw new Error(`cart line ${line.id} refers to missing product ${line.productId}`);
    return product;
  }
}
