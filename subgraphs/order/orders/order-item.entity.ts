import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Money, money } from '../../../kernel/money';

/** One line of an order. Prices are the ones charged, frozen at checkout. */
@ObjectType({ description: 'One line of an order: a product, its quantity and the prices charged.' })
@Entity({ name: 'order_items' })
export class OrderItem {
  @Field(() => ID, { description: 'Stable identifier of the line.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_order_items_order')
  @Column({ type: 'varchar', length: 36 })
  orderId: string;

  @Column({ type: 'varchar', length: 36 })
  productId: string;

  @Field(() => Int, { description: 'Number of units.' })
  @Column({ type: 'int' })
  quantity: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  unitPriceAmount: number;

  @Column({ type: 'int' })
  taxAmount: number;

  @Column({ type: 'int' })
  totalAmount: number;

  @Field(() => Money, { description: 'Price of one unit before tax.' })
  get unitPrice(): Money {
    return money(this.unitPriceAmount, this.currency);
  }

  @Field(() => Money, { description: 'Tax on this line.' })
  get tax(): Money {
    return money(this.taxAmount, this.currency);
  }

  @Field(() => Money, { description: 'What this line costs in all: quantity × unit price plus tax.' })
  get total(): Money {
    return money(this.totalAmount, this.currency);
  }
}
