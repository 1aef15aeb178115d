/** An event as it travels from the producing subgraph's relay to a consumer's /events. */
export interface EventEnvelope {
  id: string;
  type: string;
  producer: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}

const TEXT = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

/** Checks the shape of a received envelope; returns what is wrong, or null. */
export function envelopeProblem(value: unknown): string | null {
  const e = value as Partial<EventEnvelope> | null;
  if (!e || typeof e !== 'object') return 'the body is not an event';
  if (!TEXT(e.id, 36) || !TEXT(e.type, 64) || !TEXT(e.producer, 32)) return 'id, type and producer are required';
  if (!TEXT(e.aggregateType, 32) || !TEXT(e.aggregateId, 64)) return 'aggregateType and aggregateId are required';
  if (!e.payload || typeof e.payload !== 'object' || Array.isArray(e.payload)) return 'payload must be an object';
  if (!TEXT(e.occurredAt, 40) || Number.isNaN(Date.parse(e.occurredAt))) return 'occurredAt must be an ISO date';
  return null;
}
