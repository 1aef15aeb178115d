import type { InstallationService } from './installations/installation.service';
import type { AutoRenewalService } from './licenses/auto-renewal.service';
import type { LicenseService } from './licenses/license.service';
import type { Logger } from '../../kernel/logger';
import type { RenewalService } from './renewals/renewal.service';

/** The services of the subscription subgraph, built once per process (see subscription.subgraph.ts). */
export interface SubscriptionServices {
  licenses: LicenseService;
  installations: InstallationService;
  autoRenewal: AutoRenewalService;
  /** S3, S5, S7: reminders, renewals, retries and the grace. */
  renewals: RenewalService;
  log: Logger;
}
