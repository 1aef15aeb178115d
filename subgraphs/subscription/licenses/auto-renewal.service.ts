import type { DataSource } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { ErrorCode } from '../../../kernel/error-codes';
import { notFound } from '../../../kernel/errors';
import { requireCaller, type Identity } from '../../../kernel/identity';
import type { Logger } from '../../../kernel/logger';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { AutoRenewalError, autoRenewalError } from './auto-renewal.types';
import { isPartnerSerial, License, LicenseState, licenseState, PurchaseChannel } from './license.entity';
import type { LicenseService } from './license.service';

/** Someone else's license gets the answer of one that does not exist (NOT_FOUND), as renewing does. */
export const LICENSE_NOT_FOUND_MESSAGE = 'No license with this id is yours.';

/**
 * S3, S4: the Auto-Renewal Plan of a license, turned off ("Cancel Auto-Renewal", "Disable
 * Auto-renew now") and on again. The plan is the `autoRenew` flag alone: the renewal jobs read
 * it when they run, so turning it off calls off the next reminders and the renewal without
 * touching them, and the paid term is left as it is (the license stays ACTIVE to its expiry).
 * Nothing goes to another subgraph: only this one acts on the flag.
 */
export class AutoRenewalService {
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(
    private readonly dataSource: DataSource,
    deps: Pick<ServiceDeps, 'clock' | 'log'>,
    private readonly licenses: LicenseService,
  ) {
    this.clock = deps.clock;
    this.log = deps.log;
  }

  /**
   * S4: no renewal follows, however often it is asked (a license whose plan is off, or that
   * never had one, comes back as it is). The paid term runs to its end.
   */
  cancel(identity: Identity, licenseId: string): Promise<License | AutoRenewalError> {
    return this.change(identity, licenseId, false, () => null);
  }

  /**
   * Turns the plan back on while the paid term runs. Refused once it has ended (in grace or
   * expired: the customer renews by hand, S5), for a revoked license, a partner's (A8: the
   * partner bills it) and one without a term (perpetual: nothing to renew).
   */
  resume(identity: Identity, licenseId: string): Promise<License | AutoRenewalError> {
    return this.change(identity, licenseId, true, (license, state) => {
      if (state === LicenseState.REVOKED) return autoRenewalError(ErrorCode.LICENSE_REVOKED, 'This license was withdrawn: it cannot be renewed.');
      if (license.purchaseChannel !== PurchaseChannel.STORE || isPartnerSerial(license.serialNumber)) {
        return autoRenewalError(ErrorCode.LICENSE_FROM_PARTNER, `This license was bought from ${license.partnerName ?? 'a retailer or internet service provider'}: please ask them about renewing it.`);
      }
      if (license.billingPeriod === null || license.expiresAt === null) return autoRenewalError(ErrorCode.LICENSE_NOT_RENEWABLE, 'This license does not expire: there is nothing to renew.');
      if (state !== LicenseState.ACTIVE) return autoRenewalError(ErrorCode.LICENSE_EXPIRED, 'The paid term of this license has ended. Please renew it by hand to go on.');
      return null;
    });
  }

  /** One locked read-check-write; an unchanged flag writes nothing, so repeating is harmless. */
  private async change(
    identity: Identity,
    licenseId: string,
    autoRenew: boolean,
    refusal: (license: License, state: LicenseState) => AutoRenewalError | null,
  ): Promise<License | AutoRenewalError> {
    requireCaller(identity);
    return this.dataSource.transaction(async (manager) => {
      const license = await this.licenses.findChangeable(manager, identity, licenseId);
      if (!license) throw notFound(LICENSE_NOT_FOUND_MESSAGE);
      // Checked first: a plan still marked on for a license that can no longer renew is refused, not confirmed.
      const refused = refusal(license, licenseState(license, this.clock.now()));
      if (refused) return refused;
      if (license.autoRenew === autoRenew) return license;
      await manager.update(License, { id: license.id }, { autoRenew });
      license.autoRenew = autoRenew;
      this.log.info({ licenseId: license.id, autoRenew, by: identity.accountId ? 'account' : 'order-token' }, autoRenew ? 'Auto-Renewal Plan resumed' : 'Auto-Renewal Plan cancelled');
      return license;
    });
  }
}
