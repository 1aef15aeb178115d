import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A4: a single-use password reset link. Only the token's SHA-256 is stored. */
@Entity({ name: 'password_resets' })
@Index('ix_password_resets_account', ['accountId', 'createdAt'])
export class PasswordReset {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Index('uq_password_resets_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;
}
