import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Money, money } from '../../../kernel/money';

/**
 * One line of an order. Prices, tax and what the product was (name, delivery, term, devices)
 * are frozen at checkout: the order and its invoice keep saying what was bought, whatever the
 * catalog says later.
 */
@ObjectType({ description: 'One line of an order: a product, its quantity and the prices charged.' })
@Entity({ name: 'order_items' })
export class OrderItem {
  @Field(() => ID, { description: 'Stable identifier of the line.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_order_items_order')
  @Column({ type: 'varchar', length: 36 })
  orderId: string;

  /** Position of the line in the order (as in the cart). */
  @Column({ type: 'int', default: 0 })
  position: number;

  @Column({ type: 'varchar', length: 36 })
  productId: string;

  /** The product's name when it was bought (invoices print it). */
  @Column({ type: 'varchar', length: 200, default: '' })
  productName: string;

  /** The product's delivery when it was bought: DOWNLOAD, PHYSICAL or DOWNLOAD_AND_PHYSICAL. */
  @Column({ type: 'varchar', length: 24, default: 'DOWNLOAD' })
  delivery: string;

  /** The product's term when it was bought (MONTHLY, ANNUAL), null for a one-off product. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  term: string | null;

  /** Devices each license covers; null for an add-on (no license). */
  @Column({ type: 'int', nullable: true })
  devices: number | null;

  @Field({ description: 'Whether the Auto-Renewal Plan was chosen for this line (S3).' })
  @Column({ type: 'boolean', default: false })
  autoRenew: boolean;

  /** O2: the download item of the same order a Backup CD belongs to. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  backupCdForItemId: string | null;

  /** O2, a Backup CD bought later: the download item of the earlier order it is for. */
  @Field(() => ID, { nullable: true, description: 'For a Backup CD bought later: the download item of the earlier order it is for (O2).' })
  @Index('ix_order_items_backup_cd_for')
  @Column({ type: 'varchar', length: 36, nullable: true })
  backupCdForOrderItemId: string | null;

  @Field(() => Int, { description: 'Number of units.' })
  @Column({ type: 'int' })
  quantity: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  unitPriceAmount: number;

  /** Rate applied to the line, in basis points (825 = 8.25 %). */
  @Column({ type: 'int', default: 0 })
  taxRateBasisPoints: number;

  @Column({ type: 'int' })
  taxAmount: number;

  @Column({ type: 'int' })
  totalAmount: number;

  @Field(() => Money, { description: 'Price of one unit: before tax, or including VAT when the order has taxIncluded.' })
  get unitPrice(): Money {
    return money(this.unitPriceAmount, this.currency);
  }

  @Field(() => Money, { description: 'Tax on this line (added to it, or included in it when the order has taxIncluded).' })
  get tax(): Money {
    return money(this.taxAmount, this.currency);
  }

  @Field(() => Money, { description: 'What this line costs in all, tax included.' })
  get total(): Money {
    return money(this.totalAmount, this.currency);
  }
}
