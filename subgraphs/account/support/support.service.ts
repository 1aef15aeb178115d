import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../../kernel/error-codes';
import type { DataSource, Repository } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { isDuplicateKey } from '../../../kernel/db';
import { forbidden, notFound, badInput } from '../../../kernel/errors';
import { BOUNDS } from '../../../kernel/input-bounds';
import type { Identity } from '../../../kernel/identity';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { canonicalEmail } from '../../../kernel/email-address';
import { Account, normalizePhone } from '../accounts/account.entity';
import { AccountChange } from './account-change.entity';
import { error, invalidEmail } from '../registration/registration.types';
import { ContactAlreadyUsedError, InvalidPhoneError, type SupportChangeResult, type SupportContactChangeInput } from './support.types';

/**
 * A7: an e-mail the customer can no longer reach, or a changed phone that blocks
 * verification, is changed by a support agent, never by the customer alone. The change and its
 * record (who, when, before, after, why) commit together.
 */
export class SupportService {
  private readonly changes: Repository<AccountChange>;
  private readonly clock: Clock;

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
  ) {
    this.changes = dataSource.getRepository(AccountChange);
    this.clock = deps.clock;
  }

  private requireSupport(identity: Identity): string {
    if (!identity.accountId || !identity.roles.includes('support')) throw forbidden('Only a support agent can do this.');
    return identity.accountId;
  }

  async change(identity: Identity, field: 'EMAIL' | 'PHONE', input: SupportContactChangeInput): Promise<typeof SupportChangeResult> {
    const agent = this.requireSupport(identity);
    const reason = input.reason.trim();
    // Characters as the column counts them (code points); the upper bound is also the schema's.
    const length = [...reason].length;
    if (length < 10 || length > BOUNDS.reason.maxLength) throw badInput(`Write why the change is made (10 to ${BOUNDS.reason.maxLength} characters).`);
    let value: string;
    if (field === 'EMAIL') {
      const canonical = canonicalEmail(input.value);
      if (!canonical.ok) return invalidEmail(canonical.problem);
      value = canonical.email;
    } else {
      const phone = normalizePhone(input.value);
      if (!phone) return error(InvalidPhoneError, ErrorCode.INVALID_PHONE, 'Please enter the phone number in international form, like +14155550123.');
      value = phone;
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const account = await manager.findOneBy(Account, { id: input.accountId });
        if (!account) throw notFound('No account has this id.');
        const before = field === 'EMAIL' ? account.email : account.phone;
        await manager.update(Account, { id: account.id }, field === 'EMAIL' ? { email: value } : { phone: value });
        const change = Object.assign(new AccountChange(), {
          id: randomUUID(),
          accountId: account.id,
          field,
          before,
          after: value,
          reason,
          changedBy: agent,
          changedAt: this.clock.now(),
        });
        await manager.insert(AccountChange, change);
        return change;
      });
    } catch (e) {
      if (isDuplicateKey(e)) return error(ContactAlreadyUsedError, ErrorCode.CONTACT_ALREADY_USED, 'Another account already uses this e-mail address or phone number.');
      throw e;
    }
  }

  /** The record of support changes of an account, newest first (support only). */
  history(identity: Identity, accountId: string): Promise<AccountChange[]> {
    this.requireSupport(identity);
    return this.changes.find({ where: { accountId }, order: { changedAt: 'DESC', id: 'DESC' } });
  }
}
