import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Money, money } from '../../../kernel/money';
import { BillingPeriod } from '../../../kernel/billing-period';

export enum ProductDelivery {
  DOWNLOAD = 'DOWNLOAD',
  PHYSICAL = 'PHYSICAL',
  DOWNLOAD_AND_PHYSICAL = 'DOWNLOAD_AND_PHYSICAL',
}
registerEnumType(ProductDelivery, {
  name: 'ProductDelivery',
  description: 'How a product reaches the customer (O1).',
  valuesConfig: {
    DOWNLOAD: { description: 'Delivered as a download only.' },
    PHYSICAL: { description: 'Shipped on a physical medium only.' },
    DOWNLOAD_AND_PHYSICAL: { description: 'A download plus a shipped medium.' },
  },
});

/** A product of the store catalog (O1). */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A product of the store catalog: delivered as a download, a shipment or both; subscriptions have a term.' })
@Entity({ name: 'products' })
export class Product {
  @Field(() => ID, { description: 'Stable identifier of the product.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field({ description: 'Stock-keeping unit, unique in the catalog.' })
  @Column({ type: 'varchar', length: 64, unique: true })
  sku: string;

  @Field({ description: 'Name shown to customers.' })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => ProductDelivery, { description: 'Download, physical shipment, or both.' })
  @Column({ type: 'varchar', length: 24 })
  delivery: ProductDelivery;

  @Field(() => BillingPeriod, { nullable: true, description: 'Term of a subscription product (monthly or annual); null for a one-off product.' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  term: BillingPeriod | null;

  @Field({ description: 'Whether the product can be bought with the Auto-Renewal Plan (S3).' })
  @Column({ type: 'boolean', default: false })
  autoRenewAvailable: boolean;

  @Field({ description: 'An add-on (such as the Backup CD) that is never sold alone (O2).' })
  @Column({ type: 'boolean', default: false })
  isAddOn: boolean;

  @Column({ type: 'int' })
  priceAmount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Field(() => Money, { description: 'List price before tax.' })
  get price(): Money {
    return money(this.priceAmount, this.currency);
  }
}
