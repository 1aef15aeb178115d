import { In, type DataSource, type Repository } from 'typeorm';
import { ProductPrice } from './product-price.entity';
import { Product } from './product.entity';

/** The catalog (O1): products and their price lists. Reads take batches: one statement each. */
export class CatalogService {
  private readonly products: Repository<Product>;
  private readonly prices: Repository<ProductPrice>;

  constructor(dataSource: DataSource) {
    this.products = dataSource.getRepository(Product);
    this.prices = dataSource.getRepository(ProductPrice);
  }

  /** What the store sells, in catalog order. */
  onSale(): Promise<Product[]> {
    return this.products.find({ where: { onSale: true }, order: { position: 'ASC', sku: 'ASC' } });
  }

  byIds(ids: readonly string[]): Promise<Product[]> {
    return this.products.findBy({ id: In([...ids]) });
  }

  pricesOf(productIds: readonly string[]): Promise<ProductPrice[]> {
    return this.prices.find({ where: { productId: In([...productIds]) }, order: { currency: 'ASC' } });
  }
}
