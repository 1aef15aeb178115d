import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../clock';
import { isDuplicateKey } from '../db';
import { envelopeProblem, type EventEnvelope } from './envelope';
import type { Logger } from '../logger';
import { HandledEvent } from './outbox.entities';

/** Acts on one event inside the transaction that also records it as handled. */
export type EventHandler<TServices = unknown> = (event: EventEnvelope, context: { manager: EntityManager; services: TServices }) => Promise<void>;

export class UnknownEventType extends Error {}

/** The event id is in handled_events already: this delivery is a second one. */
class AlreadyHandled extends Error {}

/**
 * The consumer side of X2: an event's effect and the record that it was handled commit
 * together, and the record is written first, so a second delivery of the same event (a
 * retry after a lost acknowledgement, two relays) finds it and changes nothing.
 */
export class EventInbox<TServices> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly handlers: Readonly<Record<string, EventHandler<TServices>>>,
    private readonly services: TServices,
  ) {}

  async receive(event: EventEnvelope): Promise<'handled' | 'duplicate'> {
    const handler = this.handlers[event.type];
    if (!handler) throw new UnknownEventType(`this subgraph does not consume ${event.type}`);
    try {
      await this.dataSource.transaction(async (manager) => {
        try {
          await manager.insert(HandledEvent, { eventId: event.id, type: event.type, producer: event.producer, handledAt: this.clock.now() });
        } catch (error) {
          throw isDuplicateKey(error) ? new AlreadyHandled() : error;
        }
        await handler(event, { manager, services: this.services });
      });
      return 'handled';
    } catch (error) {
      // Only the handled_events key says "seen before"; a duplicate key inside the handler's
      // effect is a failure of that effect (retried), never taken for a second delivery.
      if (error instanceof AlreadyHandled) return 'duplicate';
      throw error;
    }
  }
}

/**
 * The HTTP side of an inbox (POST /events, behind the internal secret): 200 once handled or
 * already handled; 400 for a malformed event and 422 for a type this subgraph does not
 * consume (both fixed only by a deploy, but retried all the same); 500 when the handler
 * failed (the relay retries with backoff).
 */
export async function receiveEventRequest(
  inbox: EventInbox<unknown>,
  body: unknown,
  log: Logger,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const problem = envelopeProblem(body);
  if (problem) return { status: 400, body: { error: problem } };
  const event = body as EventEnvelope;
  try {
    const outcome = await inbox.receive(event);
    return { status: 200, body: { status: outcome } };
  } catch (error) {
    if (error instanceof UnknownEventType) return { status: 422, body: { error: error.message } };
    log.error({ eventId: event.id, type: event.type, err: (error as Error).message }, 'event handling failed');
    return { status: 500, body: { error: 'event handling failed' } };
  }
}
