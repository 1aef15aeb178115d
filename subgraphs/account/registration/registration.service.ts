import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../../kernel/error-codes';
import type { DataSource, Repository } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { badInput } from '../../../kernel/errors';
import { onInputRefused, type InternalClient } from '../../../kernel/internal-client';
import type { Outbox } from '../../../kernel/outbox/outbox';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { LICENSE_LOOKUP_PATH, LICENSE_REGISTERED, type LicenseLookup } from '../../events';
import { canonicalEmail } from '../../../kernel/email-address';
import { Account, AccountStatus } from '../accounts/account.entity';
import type { AuthService } from '../sign-in/auth.service';
import { describePasswordProblem, passwordPolicyFromEnv, passwordProblem, type PasswordPolicy } from '../passwords/password';
import {
  error,
  invalidEmail,
  InvalidPasswordError,
  ProductAlreadyRegisteredError,
  ProductRegistration,
  UnknownProductCodeError,
  type RegisterProductInput,
  type RegisterProductResult,
} from './registration.types';

/**
 * A2: registering a product creates the account, or adds the license to the existing account
 * with that e-mail and its correct password. The code is checked at once with the
 * subscription subgraph; the binding of the license is an outbox event written with the
 * account, so it happens even if a process dies right after.
 */
export class RegistrationService {
  private readonly accounts: Repository<Account>;
  private readonly clock: Clock;
  private readonly outbox: Outbox;
  private readonly internal: InternalClient;
  private readonly policy: PasswordPolicy;

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
    private readonly auth: AuthService,
  ) {
    this.accounts = dataSource.getRepository(Account);
    this.clock = deps.clock;
    this.outbox = deps.outbox;
    this.internal = deps.internal;
    this.policy = passwordPolicyFromEnv(deps.env);
  }

  async register(input: RegisterProductInput, clientIp: string, requestId: string): Promise<typeof RegisterProductResult> {
    const code = input.activationCode?.trim() || input.serialNumber?.trim() || '';
    if (!code || (input.activationCode?.trim() && input.serialNumber?.trim())) {
      throw badInput('Give either the activation code or the serial number of the product.');
    }
    const canonical = canonicalEmail(input.email);
    if (!canonical.ok) return invalidEmail(canonical.problem);
    const email = canonical.email;

    // A code the subscription subgraph refuses as malformed is no product's code: the same typed answer.
    const lookup = await this.internal
      .post<LicenseLookup>('subscription', LICENSE_LOOKUP_PATH, { code }, requestId)
      .catch(onInputRefused<LicenseLookup>({ licenseId: null, registeredTo: null }));
    if (!lookup.licenseId) {
      return error(UnknownProductCodeError, ErrorCode.UNKNOWN_PRODUCT_CODE, 'We could not find a product with this activation code or serial number. Please check it and try again.');
    }

    const existing = await this.accounts.findOneBy({ email });
    let account: Account;
    let accountCreated = false;
    if (existing) {
      const checked = await this.auth.checkCredentials({ email }, input.password, clientIp);
      if (!(checked instanceof Account)) return checked;
      account = checked;
    } else {
      const problem = passwordProblem(input.password, this.policy);
      if (problem) return error(InvalidPasswordError, problem, describePasswordProblem(problem, this.policy));
      account = Object.assign(new Account(), {
        id: randomUUID(),
        email,
        phone: null,
        status: AccountStatus.ACTIVE,
        passwordHash: await this.auth.hash(input.password),
        createdAt: this.clock.now(),
      });
      accountCreated = true;
    }
    if (lookup.registeredTo && lookup.registeredTo !== account.id) {
      return error(ProductAlreadyRegisteredError, ErrorCode.PRODUCT_ALREADY_REGISTERED, 'This product is already registered to another account. If it is yours, sign in to that account or contact customer service.');
    }

    await this.dataSource.transaction(async (manager) => {
      if (accountCreated) await manager.insert(Account, account);
      await this.outbox.publish(manager, {
        type: LICENSE_REGISTERED,
        aggregateType: 'license',
        aggregateId: lookup.licenseId!,
        payload: { licenseId: lookup.licenseId, accountId: account.id },
      });
    });
    return Object.assign(new ProductRegistration(), { accountCreated, licenseId: lookup.licenseId });
  }
}
