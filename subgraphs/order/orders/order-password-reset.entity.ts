import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** O8: a single-use link to choose a new order password. Only the token's SHA-256 is stored. */
@Entity({ name: 'order_password_resets' })
@Index('ix_order_password_resets_order', ['orderId', 'createdAt'])
export class OrderPasswordReset {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  orderId: string;

  @Index('uq_order_password_resets_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;
}
