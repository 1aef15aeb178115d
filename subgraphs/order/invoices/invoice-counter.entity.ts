import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The next invoice number of a seller and year (O13: sequential, without gaps). Taken in the
 * transaction that issues the invoice: a rolled-back order gives its number back.
 */
@Entity({ name: 'invoice_counters' })
export class InvoiceCounter {
  /** e.g. "2026". */
  @PrimaryColumn({ type: 'varchar', length: 20 })
  series: string;

  @Column({ type: 'int' })
  next: number;
}
