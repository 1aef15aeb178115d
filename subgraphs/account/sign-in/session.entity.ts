import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A refresh token of a signed-in device (A3). Only its SHA-256 is stored. Each refresh
 * replaces the row by a new one of the same family; presenting a replaced token again means
 * it was stolen or replayed, and the whole family is revoked.
 */
@Entity({ name: 'sessions' })
@Index('ix_sessions_account', ['accountId'])
@Index('ix_sessions_family', ['familyId'])
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 36 })
  familyId: string;

  @Index('uq_sessions_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  refreshTokenHash: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  /** Set when the token was exchanged for a new one. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  replacedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;
}
