import type { DataSource, Repository } from 'typeorm';
import { ErrorCode } from '../../../kernel/error-codes';
import { onInputRefused, type InternalClient } from '../../../kernel/internal-client';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { LICENSE_LOOKUP_PATH, type LicenseLookup } from '../../events';
import { Account } from '../accounts/account.entity';
import { tooManyAttempts } from '../sign-in/auth.types';
import { maskEmail } from '../accounts/account.masking';
import { RecoveredEmail, type RecoverEmailResult } from './email-recovery.types';
import { error, UnknownProductCodeError } from '../registration/registration.types';
import { Throttle } from '../../../kernel/throttle/throttle';
import type { ThrottlePolicy } from '../../../kernel/throttle/throttle-policy';

/**
 * A5: every lookup counts (a success is no proof of anything), per client address and per code:
 * five free, then growing waits, then a lock of 15 minutes after 20 of an address or 10 of a code.
 */
const RECOVERY_THROTTLE: ThrottlePolicy<'address' | 'code'> = {
  scope: 'email-recovery',
  keys: {
    address: { freeAttempts: 5, maxDelaySeconds: 60, lockAfter: 20, lockMinutes: 15, windowMinutes: 15, onSuccess: 'keep' },
    code: { freeAttempts: 5, maxDelaySeconds: 60, lockAfter: 10, lockMinutes: 15, windowMinutes: 15, onSuccess: 'keep' },
  },
};

/**
 * A5: given a serial number or activation code, the masked e-mail of the account it is
 * registered to. Every lookup counts against the client address and the code (rate limit),
 * so the portal cannot be used to walk through codes.
 */
export class EmailRecoveryService {
  private readonly accounts: Repository<Account>;
  private readonly internal: InternalClient;
  private readonly throttle: Throttle;

  constructor(dataSource: DataSource, deps: ServiceDeps) {
    this.accounts = dataSource.getRepository(Account);
    this.internal = deps.internal;
    this.throttle = new Throttle(dataSource, deps.clock);
  }

  async recover(code: string, clientIp: string, requestId: string): Promise<typeof RecoverEmailResult> {
    // Counted before the lookup: lookups sent at once are limited like lookups one by one.
    const attempt = await this.throttle.attempt(RECOVERY_THROTTLE, { address: clientIp, code: code.trim() });
    if (!attempt.allowed) return tooManyAttempts(attempt.retryAfterSeconds);
    const unknown = () => error(UnknownProductCodeError, ErrorCode.UNKNOWN_PRODUCT_CODE, 'No registered product has this serial number or activation code. Please check it and try again.');
    if (!code.trim()) return unknown();
    // A code the subscription subgraph refuses as malformed is no product's code: the same typed answer.
    const lookup = await this.internal
      .post<LicenseLookup>('subscription', LICENSE_LOOKUP_PATH, { code: code.trim() }, requestId)
      .catch(onInputRefused<LicenseLookup>({ licenseId: null, registeredTo: null }));
    if (!lookup.registeredTo) return unknown();
    const account = await this.accounts.findOneBy({ id: lookup.registeredTo });
    if (!account) return unknown();
    return Object.assign(new RecoveredEmail(), { maskedEmail: maskEmail(account.email) });
  }
}
