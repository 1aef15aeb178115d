import type { Identity } from './identity';
import type { Logger } from './logger';

/** The GraphQL context of one request in a subgraph. */
export interface SubgraphContext<TServices, TLoaders> {
  identity: Identity;
  requestId: string;
  /** The caller's address, as the gateway saw it. */
  clientIp: string;
  /**
   * The gateway's public base URL (PUBLIC_URL, e.g. https://api.shop.example), as the gateway
   * told it: links a client follows (downloads, invoice PDFs) point there. Null on a request
   * that did not come through the gateway.
   */
  publicUrl: string | null;
  log: Logger;
  /** Process-wide services that own the logic and the repositories. */
  services: TServices;
  /** Per-request DataLoaders: every reference and relation field batches through these. */
  loaders: TLoaders;
}
