import type { EventRoutes } from '../kernel/outbox/outbox';

/**
 * The events that cross subgraphs, and who consumes each: the contract between producers and
 * consumers in one place. Each consumer declares a handler for every type routed to it
 * (test/events.spec.ts checks both ways). The flows of X2 join as their rules land: order
 * paid → license issued or extended, refund initiated → plan off, accounts merged → moved.
 */
export const EVENT_ROUTES: EventRoutes = {};
