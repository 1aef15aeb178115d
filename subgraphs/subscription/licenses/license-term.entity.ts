import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One paid term of a license and the order that paid it: the first purchase, then each
 * renewal (S1, S3, S5). This is how an order finds the licenses it issued or extended.
 */
@Entity({ name: 'license_terms' })
@Index('ix_license_terms_order', ['orderId'])
export class LicenseTerm {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_license_terms_license')
  @Column({ type: 'varchar', length: 36 })
  licenseId: string;

  @Column({ type: 'varchar', length: 36 })
  orderId: string;

  @Column({ type: 'datetime', precision: 3 })
  startsAt: Date;

  /** Null for the one term of a perpetual license. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;
}
