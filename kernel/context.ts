import type { Identity } from './identity';
import type { Logger } from './logger';

/** The GraphQL context of one request in a subgraph. */
export interface SubgraphContext<TServices, TLoaders> {
  identity: Identity;
  requestId: string;
  /** The caller's address, as the gateway saw it. */
  clientIp: string;
  log: Logger;
  /** Process-wide services that own the logic and the repositories. */
  services: TServices;
  /** Per-request DataLoaders: every reference and relation field batches through these. */
  loaders: TLoaders;
}
