import type { EventRoutes } from '../kernel/outbox/outbox';

/**
 * The events that cross subgraphs, and who consumes each: the contract between producers and
 * consumers in one place. Each consumer declares a handler for every type routed to it
 * (test/events.spec.ts checks both ways). More flows of X2 join as their rules land: order
 * paid → license issued or extended, refund initiated → plan off, accounts merged → moved.
 */
/** A2: a product was registered to an account → the subscription subgraph binds the license. */
export const LICENSE_REGISTERED = 'license.registered';

export const EVENT_ROUTES: EventRoutes = {
  [LICENSE_REGISTERED]: ['subscription'],
};

/** Synchronous question of the account subgraph to the subscription subgraph (A2, A5). */
export const LICENSE_LOOKUP_PATH = '/internal/licenses/lookup';
export interface LicenseLookup {
  licenseId: string | null;
  registeredTo: string | null;
}
