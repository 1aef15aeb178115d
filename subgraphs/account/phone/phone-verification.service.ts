import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { IsNull, MoreThan, type DataSource, type Repository } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { isDuplicateKey } from '../../../kernel/db';
import { requireAccount, type Identity } from '../../../kernel/identity';
import type { Logger } from '../../../kernel/logger';
import type { SmsSender } from '../../../kernel/sms';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { Account, normalizePhone } from '../accounts/account.entity';
import { tooManyAttempts } from '../sign-in/auth.types';
import { PhoneVerification } from './phone-verification.entity';
import { InvalidPhoneCodeError, PhoneCodeSent, PhoneConfirmed, type ConfirmPhoneResult, type RequestPhoneCodeResult } from './phone-verification.types';
import { error } from '../registration/registration.types';
import { ContactAlreadyUsedError, InvalidPhoneError } from '../support/support.types';

const CODE_MINUTES = 10;
const MAX_CODES_PER_WINDOW = 3;
const MAX_TRIES_PER_CODE = 5;

const hashCode = (verificationId: string, code: string) => createHash('sha256').update(`${verificationId}:${code}`).digest();

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

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
    private readonly sms: SmsSender,
  ) {
    this.accounts = dataSource.getRepository(Account);
    this.verifications = dataSource.getRepository(PhoneVerification);
    this.clock = deps.clock;
    this.log = deps.log;
  }

  private invalidPhone() {
    return error(InvalidPhoneError, 'INVALID_PHONE', 'Please enter the phone number in international form, like +14155550123.');
  }

  private usedElsewhere() {
    return error(ContactAlreadyUsedError, 'CONTACT_ALREADY_USED', 'Another account already uses this phone number.');
  }

  async requestCode(identity: Identity, rawPhone: string): Promise<typeof RequestPhoneCodeResult> {
    const accountId = requireAccount(identity);
    const phone = normalizePhone(rawPhone);
    if (!phone) return this.invalidPhone();
    const owner = await this.accounts.findOneBy({ phone });
    if (owner && owner.id !== accountId) return this.usedElsewhere();
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - CODE_MINUTES * 60_000);
    const recent = await this.verifications.find({ where: { accountId, createdAt: MoreThan(windowStart) }, order: { createdAt: 'ASC' } });
    if (recent.length >= MAX_CODES_PER_WINDOW) {
      return tooManyAttempts(Math.ceil((recent[0].createdAt.getTime() + CODE_MINUTES * 60_000 - now.getTime()) / 1000));
    }
    const id = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000);
    await this.verifications.insert({ id, accountId, phone, codeHash: hashCode(id, code).toString('hex'), attempts: 0, createdAt: now, expiresAt, usedAt: null });
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
    const invalid = () => error(InvalidPhoneCodeError, 'INVALID_CODE', 'This code is not right or no longer works. Please check it, or ask for a new code.');
    const verification = await this.verifications.findOne({
      where: { accountId, phone, usedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { createdAt: 'DESC' },
    });
    if (!verification || verification.attempts >= MAX_TRIES_PER_CODE) return invalid();
    const matches = /^\d{6}$/.test(code) && timingSafeEqual(hashCode(verification.id, code), Buffer.from(verification.codeHash, 'hex'));
    if (!matches) {
      await this.verifications.increment({ id: verification.id }, 'attempts', 1);
      return invalid();
    }
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
