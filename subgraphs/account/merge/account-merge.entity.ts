import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A6: a merge of one account into another, from preview to confirmation; kept as its record. */
@Entity({ name: 'account_merges' })
@Index('ix_account_merges_survivor', ['survivorId'])
export class AccountMerge {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The signed-in account that receives everything (A). */
  @Column({ type: 'varchar', length: 36 })
  survivorId: string;

  /** The account merged away and closed (B). */
  @Column({ type: 'varchar', length: 36 })
  mergedId: string;

  /** B's e-mail at the time, kept for the record (B's own address is released on close). */
  @Column({ type: 'varchar', length: 254 })
  mergedEmail: string;

  @Column({ type: 'datetime', precision: 3 })
  previewedAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  confirmedAt: Date | null;
}
