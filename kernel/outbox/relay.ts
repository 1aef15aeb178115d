import { In, type DataSource } from 'typeorm';
import type { Clock } from '../clock';
import type { SubgraphName } from '../config';
import { HEADERS } from '../identity';
import type { Logger } from '../logger';
import { DEFAULT_BACKOFF, backoffDelay, describeFailure, type Backoff } from './backoff';
import { claimTransaction, lockForClaim } from './claim';
import type { EventEnvelope } from './envelope';
import { DeliveryStatus, OutboxDelivery, OutboxEvent } from './outbox.entities';

export interface RelayOptions {
  /** Name of the producing subgraph, sent with each event. */
  producer: string;
  /** Base URL of each consuming subgraph (its /events endpoint is under it). */
  consumerUrls: Partial<Record<SubgraphName, string>>;
  /** The secret subgraphs require of internal callers (the same as the gateway's). */
  secret: string;
  backoff?: Backoff;
  /** How long a claim holds a row before another relay may retry it. */
  leaseMs?: number;
  timeoutMs?: number;
}

export interface RelayRound {
  delivered: number;
  failed: number;
}

/**
 * Delivers the producing subgraph's stored events to their consumers until each one
 * acknowledges (HTTP 2xx). Several relays may run (one per replica): claims skip rows another
 * relay holds. Events of one aggregate reach a consumer in the order they were written: a
 * delivery is not attempted while an earlier one of its aggregate to that consumer is pending.
 */
export class OutboxRelay {
  private readonly backoff: Backoff;
  private readonly leaseMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: RelayOptions,
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  /** One round: claims what is due, delivers it, records the outcome. */
  async deliverDue(limit = 50): Promise<RelayRound> {
    const claimed = await this.claim(limit);
    if (claimed.length === 0) return { delivered: 0, failed: 0 };
    const events = new Map(
      (await this.dataSource.getRepository(OutboxEvent).findBy({ id: In(claimed.map((d) => d.eventId)) })).map((e) => [e.id, e]),
    );
    // Claimed rows are of distinct aggregates per consumer, so they may go out together.
    const outcomes = await Promise.all(claimed.map((delivery) => this.deliver(delivery, events.get(delivery.eventId)!)));
    return { delivered: outcomes.filter(Boolean).length, failed: outcomes.filter((ok) => !ok).length };
  }

  private async claim(limit: number): Promise<OutboxDelivery[]> {
    const now = this.clock.now();
    return claimTransaction(this.dataSource, async (manager) => {
      const query = manager
        .getRepository(OutboxDelivery)
        .createQueryBuilder('d')
        .where('d.status = :pending', { pending: DeliveryStatus.PENDING })
        .andWhere('d.nextAttemptAt <= :now', { now })
        .andWhere('(d.lockedUntil IS NULL OR d.lockedUntil <= :now)')
        .andWhere(
          `NOT EXISTS (SELECT 1 FROM outbox_deliveries earlier WHERE earlier.consumer = d.consumer
             AND earlier.aggregateKey = d.aggregateKey AND earlier.eventPosition < d.eventPosition
             AND earlier.status <> :delivered)`,
          { delivered: DeliveryStatus.DELIVERED },
        )
        .orderBy('d.eventPosition', 'ASC')
        .limit(limit);
      const rows = await lockForClaim(this.dataSource, query).getMany();
      if (rows.length > 0) {
        await manager.update(OutboxDelivery, { id: In(rows.map((r) => r.id)) }, { lockedUntil: new Date(now.getTime() + this.leaseMs) });
      }
      return rows;
    });
  }

  private async deliver(delivery: OutboxDelivery, event: OutboxEvent): Promise<boolean> {
    const base = this.options.consumerUrls[delivery.consumer as SubgraphName];
    const envelope: EventEnvelope = {
      id: event.id,
      type: event.type,
      producer: this.options.producer,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      payload: JSON.parse(event.payload),
      occurredAt: event.occurredAt.toISOString(),
    };
    let failure: string | null = null;
    try {
      if (!base) throw new Error(`no URL configured for consumer ${delivery.consumer}`);
      const response = await fetch(`${base.replace(/\/graphql$/, '')}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [HEADERS.gatewaySecret]: this.options.secret, [HEADERS.requestId]: `event-${event.id}` },
        body: JSON.stringify(envelope),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      if (!response.ok) failure = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
    } catch (error) {
      failure = describeFailure(error);
    }
    const attempts = delivery.attempts + 1;
    const now = this.clock.now();
    if (failure === null) {
      await this.dataSource
        .getRepository(OutboxDelivery)
        .update({ id: delivery.id }, { status: DeliveryStatus.DELIVERED, attempts, deliveredAt: now, lockedUntil: null, lastError: null });
      return true;
    }
    const retryAt = new Date(now.getTime() + backoffDelay(attempts, this.backoff));
    await this.dataSource
      .getRepository(OutboxDelivery)
      .update({ id: delivery.id }, { attempts, nextAttemptAt: retryAt, lockedUntil: null, lastError: describeFailure(failure) });
    this.log.warn({ eventId: event.id, type: event.type, consumer: delivery.consumer, attempts, retryAt, error: failure }, 'event delivery failed');
    return false;
  }
}
