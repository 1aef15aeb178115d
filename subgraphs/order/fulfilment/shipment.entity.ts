import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum ShipmentState {
  PENDING = 'PENDING',
  SHIPPED = 'SHIPPED',
}
registerEnumType(ShipmentState, {
  name: 'ShipmentState',
  description: 'Where a shipment stands (O7).',
  valuesConfig: {
    PENDING: { description: 'With the fulfilment agency; ships within two business days of the order.' },
    SHIPPED: { description: 'Handed to USPS (and charged: O5).' },
  },
});

/**
 * One parcel of an order's physical items (O7). Each physical line ships as its own parcel from
 * the fulfilment agency, so items shipped separately are charged separately (O5): `chargeAmount`
 * (the line, its tax and its share of the shipping charge) is captured when it ships.
 */
@ObjectType({ description: 'A parcel of physical items of an order, with its tracking (O7).' })
@Entity({ name: 'shipments' })
@Index('ix_shipments_order', ['orderId'])
export class Shipment {
  @Field(() => ID, { description: 'Stable identifier of the shipment.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  orderId: string;

  @Column({ type: 'varchar', length: 36 })
  orderItemId: string;

  @Column({ type: 'varchar', length: 40 })
  methodCode: string;

  @Field(() => ShipmentState, { description: 'Pending or shipped.' })
  @Column({ type: 'varchar', length: 16 })
  state: ShipmentState;

  @Field({ description: 'The latest day it ships: two business days after the order (O7).' })
  @Column({ type: 'datetime', precision: 3 })
  shipBy: Date;

  @Field(() => Date, { nullable: true, description: 'When it shipped; null until then.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  shippedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Latest expected delivery: the ship date plus the method\'s business days (O7); null until shipped.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  estimatedDeliveryBy: Date | null;

  @Field(() => String, { nullable: true, description: 'USPS tracking number: Priority Mail only (O7); null otherwise or until shipped.' })
  @Column({ type: 'varchar', length: 40, nullable: true })
  trackingNumber: string | null;

  /** Captured when the parcel ships (O5). */
  @Column({ type: 'int' })
  chargeAmount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;
}
