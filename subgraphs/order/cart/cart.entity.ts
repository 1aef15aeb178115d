import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PostalAddressData } from '../orders/address.type';

export enum CartState {
  /** Being filled and checked out. */
  OPEN = 'OPEN',
  /** Became an order: read-only, kept until it expires so a repeated placeOrder finds its order. */
  ORDERED = 'ORDERED',
}

/**
 * A shopping cart (O1). Its id is a capability of 128 random bits held by the shopper's browser
 * or app; only its SHA-256 is stored, so a copy of the database opens no cart. A signed-in
 * shopper's cart is also tied to the account. The figures (`*Amount`, `taxIncluded`) are the
 * quote the shopper was last shown: placing the order authorizes exactly that total (O6).
 */
@Entity({ name: 'carts' })
@Index('ix_carts_expires', ['expiresAt'])
export class Cart {
  /** SHA-256 (hex) of the cart id. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  idHash: string;

  /** The signed-in shopper it belongs to; null for a guest's cart. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  accountId: string | null;

  @Column({ type: 'varchar', length: 16 })
  state: CartState;

  /** The price list in use: the billing country's currency (O1), USD until one is known. */
  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'simple-json', nullable: true })
  billingAddress: PostalAddressData | null;

  @Column({ type: 'simple-json', nullable: true })
  shippingAddress: PostalAddressData | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  shippingMethod: string | null;

  @Column({ type: 'int', default: 0 })
  subtotalAmount: number;

  @Column({ type: 'int', default: 0 })
  shippingAmount: number;

  /** Tax on the shipping charge (part of taxAmount). */
  @Column({ type: 'int', default: 0 })
  shippingTaxAmount: number;

  @Column({ type: 'int', default: 0 })
  taxAmount: number;

  @Column({ type: 'int', default: 0 })
  totalAmount: number;

  @Column({ type: 'boolean', default: false })
  taxIncluded: boolean;

  /** Whether tax and shipping are known: checkout details were set and are complete. */
  @Column({ type: 'boolean', default: false })
  quoteComplete: boolean;

  /** The order the cart became. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  orderId: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  /** An abandoned cart is deleted by a job after this (CART_ABANDONED_DAYS after its last change). */
  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;
}
