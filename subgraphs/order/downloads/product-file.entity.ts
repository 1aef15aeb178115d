import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A file a download product delivers (O10): an installer, in the storage port under
 * `storageKey`. Files are immutable: a new build is a new row and a new object, so a download
 * that stops can resume against the same bytes (the ETag is the content's SHA-256).
 */
@Entity({ name: 'product_files' })
@Index('ix_product_files_product', ['productId', 'position'])
export class ProductFile {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  productId: string;

  /** Order of the files of one product (the main installer first). */
  @Column({ type: 'int', default: 0 })
  position: number;

  /** What the file is, as the order page shows it, e.g. "Installer for Windows". */
  @Column({ type: 'varchar', length: 100 })
  label: string;

  /** The name the file is saved under (customers are told not to rename it). */
  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  /** Size in bytes (installers are well under 2 GiB). */
  @Column({ type: 'int' })
  sizeBytes: number;

  /** SHA-256 of the content, hex: its ETag, and what a client may check the download against. */
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  /** Key of the object in the storage port. */
  @Column({ type: 'varchar', length: 200 })
  storageKey: string;

  /** When the file was published (Last-Modified). */
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
