import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { CurrencyCode } from '../../../kernel/currency';
import { Money, money } from '../../../kernel/money';
import type { OrderContext } from '../order.context';
import { Product } from './product.entity';

@Resolver(() => Product)
export class CatalogResolver {
  @Query(() => [Product], { description: 'The products the store sells, in the order the store shows them (O1). Open to everyone. A short list, not a connection.' })
  products(@Ctx() ctx: OrderContext): Promise<Product[]> {
    return ctx.services.catalog.onSale();
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      'Price of one unit in the given currency, from that currency\'s price list (O1): EUR prices include VAT, USD prices are before sales tax (O6). Null when the product is not sold in that currency. The cart uses the currency of the billing country.',
  })
  async price(
    @Root() product: Product,
    @Ctx() ctx: OrderContext,
    @Arg('currency', () => CurrencyCode, { defaultValue: 'USD', description: 'The price list to read; USD unless given.' }) currency: CurrencyCode,
  ): Promise<Money | null> {
    const prices = await ctx.loaders.pricesByProduct.load(product.id);
    const price = prices.find((p) => p.currency === currency);
    return price ? money(price.amount, price.currency) : null;
  }

  @FieldResolver(() => [Money], { description: 'The price of one unit in every currency the product is sold in (its price lists).' })
  async prices(@Root() product: Product, @Ctx() ctx: OrderContext): Promise<Money[]> {
    return (await ctx.loaders.pricesByProduct.load(product.id)).map((p) => money(p.amount, p.currency));
  }
}
