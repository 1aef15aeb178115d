import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Durable work (DESIGN "Work that must not be lost"), in the database of the subgraph that
 * owns it, written in the same transaction as the business change that causes it.
 */

/** An effect another subgraph must act on. `position` orders events of one producer. */
@Entity({ name: 'outbox_events' })
export class OutboxEvent {
  @PrimaryGeneratedColumn({ type: 'int' })
  position: number;

  @Index('uq_outbox_events_id', { unique: true })
  @Column({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  aggregateType: string;

  @Column({ type: 'varchar', length: 64 })
  aggregateId: string;

  /** JSON. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'datetime', precision: 3 })
  occurredAt: Date;
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
}

/**
 * One event for one consuming subgraph: written with the event, so fan-out is decided in the
 * business transaction and the relay only ever retries rows. Delivery is in order per
 * aggregate and consumer: a row waits while an earlier one of its aggregate is undelivered.
 */
@Entity({ name: 'outbox_deliveries' })
@Index('ix_outbox_deliveries_due', ['status', 'nextAttemptAt'])
@Index('ix_outbox_deliveries_order', ['consumer', 'aggregateKey', 'eventPosition'])
export class OutboxDelivery {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'int' })
  eventPosition: number;

  @Column({ type: 'varchar', length: 32 })
  consumer: string;

  /** `${aggregateType}:${aggregateId}`: the unit of ordering. */
  @Column({ type: 'varchar', length: 100 })
  aggregateKey: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'datetime', precision: 3 })
  nextAttemptAt: Date;

  /** A relay that claimed the row holds it until then; after that another may retry it. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;
}

/** Consumer side: ids of events already acted on, written in the transaction of the effect. */
@Entity({ name: 'handled_events' })
export class HandledEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  producer: string;

  @Column({ type: 'datetime', precision: 3 })
  handledAt: Date;
}

export enum JobStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  DEAD = 'DEAD',
}

/** A timed step (charge the day after, send a reminder, renew…), due at a time of the one clock. */
@Entity({ name: 'jobs' })
@Index('ix_jobs_due', ['status', 'dueAt'])
export class Job {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  /** JSON. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ type: 'varchar', length: 16 })
  status: JobStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'int' })
  maxAttempts: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lockedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

export const OUTBOX_ENTITIES = [OutboxEvent, OutboxDelivery, HandledEvent, Job];
