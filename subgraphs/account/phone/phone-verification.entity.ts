import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A one-time code sent by SMS to confirm a phone number (6 digits, 10 minutes, single use). Stored hashed; its tries are throttled per code. */
@Entity({ name: 'phone_verifications' })
@Index('ix_phone_verifications_account', ['accountId', 'createdAt'])
export class PhoneVerification {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 20 })
  phone: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;
}
