import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PostalAddressData } from '../orders/address.type';

export enum TaxExemptionState {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(TaxExemptionState, {
  name: 'TaxExemptionState',
  description: 'Where a tax-exemption certificate stands (O6).',
  valuesConfig: {
    SUBMITTED: { description: 'Sent by the customer; support checks it.' },
    APPROVED: { description: "Approved by support: the order's tax is refunded (see Order.refunds)." },
    REJECTED: { description: 'Rejected by support, with the reason; nothing is refunded.' },
  },
});

/**
 * O6: a tax-exempt customer's certificate for one order. Its address matched the order's when it
 * was sent (checked at once); support approves or rejects it, and approval refunds the order's
 * tax through the return path (returns/refund.service.ts).
 */
@ObjectType({ description: "A tax-exemption certificate sent for an order (O6); approved, it refunds the order's tax." })
@Entity({ name: 'tax_exemption_certificates' })
@Index('ix_tax_exemptions_order', ['orderId', 'submittedAt'])
export class TaxExemptionCertificate {
  @Field(() => ID, { description: 'Stable identifier of the certificate.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Field(() => ID, { description: 'The order it is for.' })
  @Column({ type: 'varchar', length: 36 })
  orderId: string;

  @Field({ description: 'The number printed on the certificate.' })
  @Column({ type: 'varchar', length: 40 })
  certificateNumber: string;

  @Field({ description: 'The country that issued it (ISO 3166-1 alpha-2).' })
  @Column({ type: 'varchar', length: 2 })
  issuingCountry: string;

  @Field(() => String, { nullable: true, description: 'The state or region that issued it (a US state code such as TX), if a state did.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  issuingRegion: string | null;

  /** The holder's name and address as on the certificate (checked; shown to support only). */
  @Column({ type: 'simple-json' })
  holderAddressData: PostalAddressData;

  @Field(() => TaxExemptionState, { description: 'Sent, approved or rejected.' })
  @Column({ type: 'varchar', length: 16 })
  state: TaxExemptionState;

  @Field({ description: 'When the customer sent it.' })
  @Column({ type: 'datetime', precision: 3 })
  submittedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When support approved or rejected it.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt: Date | null;

  /** The support agent who decided (A7: who did it and when). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  decidedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Why support rejected it.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  rejectionReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The refund of the tax, once approved (see Order.refunds).' })
  @Column({ type: 'varchar', length: 36, nullable: true })
  refundId: string | null;
}
