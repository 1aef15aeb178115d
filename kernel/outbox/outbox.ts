import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Clock } from '../clock';
import type { SubgraphName } from '../config';
import { DeliveryStatus, Job, JobStatus, OutboxDelivery, OutboxEvent } from './outbox.entities';

/** Which subgraphs consume each event type (built from the subgraphs' declared handlers). */
export type EventRoutes = Readonly<Record<string, readonly SubgraphName[]>>;

export interface NewEvent {
  /** e.g. "order.paid". */
  type: string;
  /** Events of one aggregate reach each consumer in the order they were written. */
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

export interface NewJob {
  type: string;
  payload: Record<string, unknown>;
  dueAt: Date;
  /** Tries before the job stops as DEAD. */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

function assertInTransaction(manager: EntityManager, what: string): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`${what} must be written in the business transaction: call it with the transaction's EntityManager`);
  }
}

/**
 * Writes events and jobs in the caller's transaction, so they exist if and only if the
 * business change commits. Nothing is sent from here: the relay and the workers pick the
 * rows up after commit, however often the process dies in between.
 */
export class Outbox {
  constructor(
    private readonly clock: Clock,
    private readonly routes: EventRoutes,
  ) {}

  /** Records an event and one delivery per subscribed subgraph; returns the event id. */
  async publish(manager: EntityManager, event: NewEvent): Promise<string> {
    assertInTransaction(manager, 'An event');
    const consumers = this.routes[event.type] ?? [];
    if (consumers.length === 0) throw new Error(`No subgraph consumes events of type ${event.type}`);
    const now = this.clock.now();
    const row = Object.assign(new OutboxEvent(), {
      id: randomUUID(),
      type: event.type,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      payload: JSON.stringify(event.payload),
      occurredAt: now,
    });
    await manager.insert(OutboxEvent, row);
    await manager.insert(
      OutboxDelivery,
      consumers.map((consumer) => ({
        eventId: row.id,
        eventPosition: row.position,
        consumer,
        aggregateKey: `${event.aggregateType}:${event.aggregateId}`,
        status: DeliveryStatus.PENDING,
        attempts: 0,
        nextAttemptAt: now,
        lockedUntil: null,
        lastError: null,
        deliveredAt: null,
      })),
    );
    return row.id;
  }

  /** Records a timed step due at `dueAt` on the one clock; returns the job id. */
  async schedule(manager: EntityManager, job: NewJob): Promise<string> {
    assertInTransaction(manager, 'A job');
    const now = this.clock.now();
    const id = randomUUID();
    await manager.insert(Job, {
      id,
      type: job.type,
      payload: JSON.stringify(job.payload),
      dueAt: job.dueAt,
      status: JobStatus.PENDING,
      attempts: 0,
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      lastError: null,
      lockedBy: null,
      lockedUntil: null,
      createdAt: now,
      updatedAt: now,
    });
    return id;
  }
}
