import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Attempts counted per key (an identifier, a client address, a code…) for one throttle scope.
 * A subgraph that throttles something lists THROTTLE_ENTITIES among its entities.
 */
@Entity({ name: 'throttles' })
export class ThrottleCount {
  /** `<scope>:<kind>:<sha256 of the value>`: no e-mail address, code or client address is stored. */
  @PrimaryColumn({ type: 'varchar', length: 120 })
  key: string;

  /** Attempts within the current window, each counted before its secret was checked. */
  @Column({ type: 'int' })
  attempts: number;

  @Column({ type: 'datetime', precision: 3 })
  windowStartedAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  lastAttemptAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  /** Changes with every write: a slot is taken only by the writer that saw the row as it is. */
  @Column({ type: 'int' })
  version: number;
}

export const THROTTLE_ENTITIES = [ThrottleCount];
