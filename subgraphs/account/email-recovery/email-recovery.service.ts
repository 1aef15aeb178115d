import type { DataSource, Repository } from 'typeorm';
import { onInputRefused, type InternalClient } from '../../../kernel/internal-client';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { LICENSE_LOOKUP_PATH, type LicenseLookup } from '../../events';
import { Account } from '../accounts/account.entity';
import { tooManyAttempts } from '../sign-in/auth.types';
import { maskEmail } from '../accounts/account.masking';
import { RecoveredEmail, type RecoverEmailResult } from './email-recovery.types';
import { error, UnknownProductCodeError } from '../registration/registration.types';
import { SignInThrottler, throttleKeys } from '../throttle/sign-in-throttle';

/**
 * A5: given a serial number or activation code, the masked e-mail of the account it is
 * registered to. Every lookup counts against the client address and the code (rate limit),
 * so the portal cannot be used to walk through codes.
 */
export class EmailRecoveryService {
  private readonly accounts: Repository<Account>;
  private readonly internal: InternalClient;
  private readonly limiter: SignInThrottler;

  constructor(dataSource: DataSource, deps: ServiceDeps) {
    this.accounts = dataSource.getRepository(Account);
    this.internal = deps.internal;
    this.limiter = new SignInThrottler(dataSource, deps.clock, {
      freeFailures: 5,
      lockAfterPerIdentifier: 10,
      lockAfterPerAddress: 20,
      lockMinutes: 15,
      windowMinutes: 15,
    });
  }

  async recover(code: string, clientIp: string, requestId: string): Promise<typeof RecoverEmailResult> {
    const keys = throttleKeys(code.trim(), clientIp, 'recover-');
    const wait = await this.limiter.waitSeconds(keys);
    if (wait > 0) return tooManyAttempts(wait);
    await this.limiter.recordFailure(keys);
    const unknown = () => error(UnknownProductCodeError, 'UNKNOWN_PRODUCT_CODE', 'No registered product has this serial number or activation code. Please check it and try again.');
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
