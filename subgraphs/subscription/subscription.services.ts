import type { LicenseService } from './licenses/license.service';
import type { Logger } from '../../kernel/logger';

/** The services of the subscription subgraph, built once per process (see subscription.subgraph.ts). */
export interface SubscriptionServices {
  licenses: LicenseService;
  log: Logger;
}
