import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../../kernel/error-codes';
import { hashSecretToken, newSecretToken } from './secret-token';
import { MoreThan, type DataSource, type Repository } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { DEFAULT_PORTAL_URL, intFromEnv } from '../../../kernel/config';
import type { Logger } from '../../../kernel/logger';
import type { Mailer } from '../../../kernel/mail';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { normalizeEmail } from '../../../kernel/email-address';
import { Account, AccountStatus } from '../accounts/account.entity';
import type { AuthService } from '../sign-in/auth.service';
import { describePasswordProblem, passwordPolicyFromEnv, passwordProblem, type PasswordPolicy } from './password';
import { PasswordReset } from './password-reset.entity';
import {
  InvalidResetTokenError,
  PasswordChanged,
  PasswordResetRequested,
  PasswordsDoNotMatchError,
  type ResetPasswordResult,
} from './password-reset.types';
import { error, InvalidPasswordError } from '../registration/registration.types';

const REQUESTED =
  'If an account uses this e-mail address, we have sent it a link to choose a new password. The link works once, within an hour.';

/** At most this many reset e-mails per account per hour: a mailbox cannot be flooded from the portal. */
const MAX_MAILS_PER_HOUR = 3;

/**
 * A4: the customer gives the e-mail; the answer is the same either way. A single-use link
 * that expires goes out; its token is stored only hashed. The new password is typed twice and
 * must meet A1; after the reset every session of the account ends.
 */
export class PasswordResetService {
  private readonly accounts: Repository<Account>;
  private readonly resets: Repository<PasswordReset>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly policy: PasswordPolicy;
  private readonly ttlMs: number;
  private readonly portalUrl: string;

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
    private readonly auth: AuthService,
    private readonly mailer: Mailer,
  ) {
    this.accounts = dataSource.getRepository(Account);
    this.resets = dataSource.getRepository(PasswordReset);
    this.clock = deps.clock;
    this.log = deps.log;
    this.policy = passwordPolicyFromEnv(deps.env);
    this.ttlMs = intFromEnv(deps.env, 'PASSWORD_RESET_MINUTES', 60, 5, 24 * 60) * 60_000;
    this.portalUrl = (deps.env.PORTAL_URL || DEFAULT_PORTAL_URL).replace(/\/+$/, '');
  }

  async request(email: string): Promise<PasswordResetRequested> {
    const answer = Object.assign(new PasswordResetRequested(), { message: REQUESTED });
    const canonical = normalizeEmail(email);
    if (!canonical) return answer;
    const account = await this.accounts.findOneBy({ email: canonical, status: AccountStatus.ACTIVE });
    if (!account) return answer;
    const now = this.clock.now();
    const recent = await this.resets.countBy({ accountId: account.id, createdAt: MoreThan(new Date(now.getTime() - 3_600_000)) });
    if (recent >= MAX_MAILS_PER_HOUR) return answer;

    const { token, hash: tokenHash } = newSecretToken();
    await this.resets.insert({ id: randomUUID(), accountId: account.id, tokenHash, createdAt: now, expiresAt: new Date(now.getTime() + this.ttlMs), usedAt: null });
    // Sent after the answer is decided and not awaited: the reply takes the same time whether
    // or not the account exists, and a slow mail server does not hold the customer. The link
    // is never stored in clear, so it cannot wait in a job row: a failed send is logged and
    // the customer simply asks again.
    void this.mailer
      .send({
        to: account.email,
        subject: 'Choose a new password',
        text: [
          'Someone (hopefully you) asked to reset the password of your account.',
          '',
          `Choose a new password here (the link works once, within ${Math.round(this.ttlMs / 60_000)} minutes):`,
          `${this.portalUrl}/reset-password?token=${token}`,
          '',
          'If you did not ask for this, ignore this e-mail: your password stays as it is.',
        ].join('\n'),
      })
      .catch((err: Error) => this.log.error({ accountId: account.id, err: err.message }, 'password reset e-mail not sent'));
    return answer;
  }

  async reset(token: string, newPassword: string, confirmPassword: string): Promise<typeof ResetPasswordResult> {
    if (newPassword !== confirmPassword) return error(PasswordsDoNotMatchError, ErrorCode.PASSWORDS_DO_NOT_MATCH, 'The two passwords are not the same. Please type the new password twice.');
    const problem = passwordProblem(newPassword, this.policy);
    if (problem) return error(InvalidPasswordError, problem, describePasswordProblem(problem, this.policy));
    const passwordHash = await this.auth.hash(newPassword);
    const now = this.clock.now();
    const accountId = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(PasswordReset);
      const reset = await lockForUpdate(this.dataSource, repo.createQueryBuilder('r').where('r.tokenHash = :hash', { hash: hashSecretToken(token) })).getOne();
      if (!reset || reset.usedAt || reset.expiresAt <= now) return null;
      await repo.update({ id: reset.id }, { usedAt: now });
      await manager.update(Account, { id: reset.accountId }, { passwordHash });
      // Every session ends with the same commit as the new password.
      await this.auth.signOutEverywhere(reset.accountId, manager);
      return reset.accountId;
    });
    if (!accountId) return error(InvalidResetTokenError, ErrorCode.INVALID_RESET_TOKEN, 'This link has expired or was already used. Please ask for a new one.');
    const account = await this.accounts.findOneByOrFail({ id: accountId });
    await this.auth.clearThrottle(account.email);
    return Object.assign(new PasswordChanged(), { message: 'Your password was changed. Please sign in again on every device.' });
  }
}
