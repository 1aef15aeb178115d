import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed sign-ins counted per key: one per identifier (e-mail or phone) and one per client address (A3). */
@Entity({ name: 'sign_in_throttles' })
export class SignInThrottle {
  /** `id:<sha256 of the identifier>` or `ip:<address>`: no e-mail address is stored here. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  key: string;

  @Column({ type: 'int' })
  failures: number;

  @Column({ type: 'datetime', precision: 3 })
  firstFailureAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  lastFailureAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;
}
