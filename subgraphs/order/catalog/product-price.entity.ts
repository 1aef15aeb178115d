import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A product's price in one currency: price lists per currency, not conversions (O1). EUR prices
 * include VAT (the EU shows final prices); USD prices are before sales tax (O6, README "Tax").
 */
@Entity({ name: 'product_prices' })
export class ProductPrice {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  productId: string;

  @PrimaryColumn({ type: 'varchar', length: 3 })
  currency: string;

  /** Minor units of the currency. */
  @Column({ type: 'int' })
  amount: number;
}
