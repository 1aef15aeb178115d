import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../../kernel/error-codes';
import { IsNull, MoreThan, type DataSource, type Repository } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { isDuplicateKey } from '../../../kernel/db';
import { requireAccount, type Identity } from '../../../kernel/identity';
import type { Logger } from '../../../kernel/logger';
import type { SmsSender } from '../../../kernel/sms';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { Throttle } from '../../../kernel/throttle/throttle';
import type { ThrottlePolicy } from '../../../kernel/throttle/throttle-policy';
import { Account, normalizePhone } from '../accounts/account.entity';
import { tooManyAttempts } from '../sign-in/auth.types';
import { hashPhoneCode, newPhoneCode, phoneCodeMatches } from './phone-code';
import { PhoneVerification } from './phone-verification.entity';
import { InvalidPhoneCodeError, PhoneCodeSent, PhoneConfirmed, type ConfirmPhoneResult, type RequestPhoneCodeResult } from './phone-verification.types';
import { error } from '../registration/registration.types';
import { ContactAlreadyUsedError, InvalidPhoneError } from '../support/support.types';

const CODE_MINUTES = 10;

/**
 * At most three codes per account per 10 minutes: the third locks further requests for 10
 * minutes. Counted before the code is made, so requests sent at once send no more.
 */
const CODE_REQUESTS: ThrottlePolicy<'account'> = {
  scope: 'phone-code',
  keys: { account: { freeAttempts: 3, maxDelaySeconds: 0, lockAfter: 3, lockMinutes: CODE_MINUTES, windowMinutes: CODE_MINUTES, onSuccess: 'keep' } },
};

/** Five tries per code (its lifetime is the window), each counted before the code is compared. */
const CODE_TRIES: ThrottlePolicy<'code'> = {
  scope: 'phone-code-try',
  keys: { code: { freeAttempts: 5, maxDelaySeconds: 0, lockAfter: 5, lockMinutes: CODE_MINUTES, windowMinutes: CODE_MINUTES, onSuccess: 'keep' } },
};

/**
 * Adding or changing the account's phone number is confirmed by a one-time code sent to it:
 * 6 digits, single use, 10 minutes, at most three codes per 10 minutes and five tries per code.
 * (A number the customer can no longer receive texts on is changed by support, A7.)
 */
export class PhoneVerificationService {
  private readonly accounts: Repository<Account>;
  private readonly verifications: Repository<PhoneVerification>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly throttle: Throttle;

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
    private readonly sms: SmsSender,
  ) {
    this.accounts = dataSource.getRepository(Account);
    this.verifications = dataSource.getRepository(PhoneVerification);
    this.clock = deps.clock;
    this.log = deps.log;
    this.throttle = new Throttle(dataSource, deps.clock);
  }

  private invalidPhone() {
    return error(InvalidPhoneError, ErrorCode.INVALID_PHONE, 'Please enter the phone number in international form, like +14155550123.');
  }

  private usedElsewhere() {
    return error(ContactAlreadyUsedError, ErrorCode.CONTACT_ALREADY_USED, 'Another account already uses this phone number.');
  }

  async requestCode(identity: Identity, rawPhone: string): Promise<typeof RequestPhoneCodeResult> {
    const accountId = requireAccount(identity);
    const phone = normalizePhone(rawPhone);
    if (!phone) return this.invalidPhone();
    const owner = await this.accounts.findOneBy({ phone });
    if (owner && owner.id !== accountId) return this.usedElsewhere();
    const attempt = await this.throttle.attempt(CODE_REQUESTS, { account: accountId });
    if (!attempt.allowed) return tooManyAttempts(attempt.retryAfterSeconds);
    const now = this.clock.now();
    const id = randomUUID();
    const code = newPhoneCode();
    const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000);
    await this.verifications.insert({ id, accountId, phone, codeHash: hashPhoneCode(id, code), createdAt: now, expiresAt, usedAt: null });
    // Not awaited, like the reset e-mail: the code is stored only hashed, so it cannot wait in
    // a job row; a failed text is logged and the customer asks for another code.
    void this.sms
      .send(phone, `Your verification code is ${code}. It expires in ${CODE_MINUTES} minutes. Never share it.`)
      .catch((err: Error) => this.log.error({ accountId, err: err.message }, 'verification text not sent'));
    return Object.assign(new PhoneCodeSent(), { phone, expiresAt });
  }

  async confirm(identity: Identity, rawPhone: string, code: string): Promise<typeof ConfirmPhoneResult> {
    const accountId = requireAccount(identity);
    const phone = normalizePhone(rawPhone);
    if (!phone) return this.invalidPhone();
    const now = this.clock.now();
    const invalid = () => error(InvalidPhoneCodeError, ErrorCode.INVALID_CODE, 'This code is not right or no longer works. Please check it, or ask for a new code.');
    const verification = await this.verifications.findOne({
      where: { accountId, phone, usedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { createdAt: 'DESC' },
    });
    if (!verification) return invalid();
    const attempt = await this.throttle.attempt(CODE_TRIES, { code: verification.id });
    if (!attempt.allowed) return invalid();
    if (!(await phoneCodeMatches(verification.id, code, verification.codeHash))) return invalid();
    try {
      const confirmed = await this.dataSource.transaction(async (manager) => {
        // Single use even when two confirmations race: only one marks the code used.
        const used = await manager.update(PhoneVerification, { id: verification.id, usedAt: IsNull() }, { usedAt: now });
        if (used.affected !== 1) return false;
        await manager.update(Account, { id: accountId }, { phone });
        return true;
      });
      return confirmed ? Object.assign(new PhoneConfirmed(), { phone }) : invalid();
    } catch (e) {
      if (isDuplicateKey(e)) return this.usedElsewhere();
      throw e;
    }
  }
}
