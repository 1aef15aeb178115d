import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One line of a cart (O1): a product, a quantity of 1 to 99, its options and its quoted price. */
@Entity({ name: 'cart_lines' })
@Index('ix_cart_lines_cart', ['cartIdHash', 'position'])
export class CartLine {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  cartIdHash: string;

  /** Order of the lines as the shopper added them. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 36 })
  productId: string;

  @Column({ type: 'int' })
  quantity: number;

  /** The Auto-Renewal Plan was chosen for this line (S3). */
  @Column({ type: 'boolean', default: false })
  autoRenew: boolean;

  /** O2: a Backup CD's download line in the same cart. Removing that line removes this one. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  backupCdForLineId: string | null;

  /** O2 later: a Backup CD for a download item of an earlier order. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  backupCdForOrderItemId: string | null;

  /** Quoted price of one unit in the cart's currency (from its price list). */
  @Column({ type: 'int', default: 0 })
  unitPriceAmount: number;

  @Column({ type: 'int', default: 0 })
  taxAmount: number;

  /** What the line costs in all, tax included. */
  @Column({ type: 'int', default: 0 })
  totalAmount: number;
}
