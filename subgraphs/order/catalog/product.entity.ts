import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
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

/** Whether a line of this product ships something (O5: charged when it ships; O7: needs shipping). */
export function ships(delivery: ProductDelivery): boolean {
  return delivery !== ProductDelivery.DOWNLOAD;
}

/** Whether a line of this product is downloaded (O5: charged the day after the order; O10). */
export function downloads(delivery: ProductDelivery): boolean {
  return delivery !== ProductDelivery.PHYSICAL;
}

/**
 * A product of the store catalog (O1). Prices are price lists per currency
 * (`ProductPrice`), never conversions.
 */
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

  // Shareable: the subscription subgraph provides the name as sold on License.product.
  @Directive('@shareable')
  @Field({ description: 'Name shown to customers.' })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => ProductDelivery, { description: 'Download, physical shipment, or both.' })
  @Column({ type: 'varchar', length: 24 })
  delivery: ProductDelivery;

  @Field(() => BillingPeriod, { nullable: true, description: 'Term of a subscription product (monthly or annual); null for a one-off product (a perpetual license, or an add-on).' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  term: BillingPeriod | null;

  @Field({ description: 'Whether the product can be bought with the Auto-Renewal Plan (S3).' })
  @Column({ type: 'boolean', default: false })
  autoRenewAvailable: boolean;

  @Field({ description: 'An add-on (such as the Backup CD) that is never sold alone (O2).' })
  @Column({ type: 'boolean', default: false })
  isAddOn: boolean;

  @Field(() => Int, { nullable: true, description: 'How many devices a license of this product covers; null for an add-on, which issues no license.' })
  @Column({ type: 'int', nullable: true })
  devices: number | null;

  /** Position in the catalog the store shows. */
  @Column({ type: 'int', default: 0 })
  position: number;

  /** Withdrawn products stay for the orders that hold them, but are no longer sold. */
  @Column({ type: 'boolean', default: true })
  onSale: boolean;

  @Field({ description: 'Whether buying the product issues a license (a serial number or activation code): every product but an add-on.' })
  get issuesLicense(): boolean {
    return !this.isAddOn;
  }
}
