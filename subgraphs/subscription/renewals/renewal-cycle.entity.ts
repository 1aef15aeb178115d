import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where the renewal of one paid term stands (S3, S7). */
export enum CycleState {
  /** At least one reminder went out; the charge is asked for at `nextActionAt`. */
  REMINDED = 'REMINDED',
  /** The order subgraph was asked for the renewal order of this attempt; its answer is awaited. */
  REQUESTED = 'REQUESTED',
  /** The last charge was declined; the next try is asked for at `nextActionAt` (S7). */
  DECLINED = 'DECLINED',
  /** Paid: the license was extended. */
  PAID = 'PAID',
  /** The last retry was declined too: the license lapses at the end of its grace (S7). */
  LAPSED = 'LAPSED',
}

/**
 * The renewal of one paid term of a license: its reminders, its charge and its retries. One row
 * per license and term end (a unique key), so a reminder or a charge of a term is asked for once
 * whichever sweep or worker gets there (X2); every step is a conditional update of this row.
 */
@Entity({ name: 'renewal_cycles' })
@Index('uq_renewal_cycles_term', ['licenseId', 'termEnd'], { unique: true })
@Index('ix_renewal_cycles_due', ['state', 'nextActionAt'])
export class RenewalCycle {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  licenseId: string;

  /** The expiry of the term being renewed (the license's expiresAt when the cycle began). */
  @Column({ type: 'datetime', precision: 3 })
  termEnd: Date;

  @Column({ type: 'varchar', length: 16 })
  state: CycleState;

  /** The smallest lead (days before expiry) whose reminder went out; null before any. */
  @Column({ type: 'int', nullable: true })
  remindedLeadDays: number | null;

  /** Charges asked for so far (1 = the renewal, 2… = retries). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** When the next step is due (a reminder, the charge, a retry); null while waiting for an answer or when done. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextActionAt: Date | null;

  /** When the first charge of this term was declined: the retry schedule counts from here (S7). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  firstDeclinedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  lastDeclineReason: string | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
