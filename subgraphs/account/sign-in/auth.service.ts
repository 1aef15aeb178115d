import { randomBytes, randomUUID } from 'node:crypto';
import { hashSecretToken, newSecretToken } from '../passwords/secret-token';
import { IsNull, type DataSource, type EntityManager, type Repository } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { intFromEnv } from '../../../kernel/config';
import { isDuplicateKey } from '../../../kernel/db';
import { badInput } from '../../../kernel/errors';
import { ROLES, type Role } from '../../../kernel/identity';
import { IdentityProviders, providerConfigFromEnv, type ProviderName } from './identity-providers';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { Account, AccountStatus, isValidEmail, normalizeEmail, normalizePhone } from '../accounts/account.entity';
import {
  invalidCredentials,
  invalidIdToken,
  invalidRefreshToken,
  type InvalidIdTokenError,
  Session as SessionResult,
  tooManyAttempts,
  type InvalidCredentialsError,
  type InvalidRefreshTokenError,
  type SignInInput,
  type TooManyAttemptsError,
} from './auth.types';
import { hashCostFromEnv, hashPassword, verifyPassword, type HashCost } from '../passwords/password';
import { Session } from './session.entity';
import { SignInThrottler, throttleKeys, throttlePolicyFromEnv } from '../throttle/sign-in-throttle';
import type { SigningKeys } from './signing-keys';

/** A3 sign-in and sessions: password check, throttling, access tokens, rotating refresh tokens. */
export class AuthService {
  private readonly accounts: Repository<Account>;
  private readonly sessions: Repository<Session>;
  private readonly clock: Clock;
  private readonly throttle: SignInThrottler;
  private readonly hashCost: HashCost;
  private readonly refreshTtlMs: number;
  private readonly providers: IdentityProviders;
  /** Checked when no account matches, so a wrong e-mail costs the same time as a wrong password. */
  private decoyHash: Promise<string> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
    private readonly keys: SigningKeys,
  ) {
    this.accounts = dataSource.getRepository(Account);
    this.sessions = dataSource.getRepository(Session);
    this.clock = deps.clock;
    this.throttle = new SignInThrottler(dataSource, deps.clock, throttlePolicyFromEnv(deps.env));
    this.hashCost = hashCostFromEnv(deps.env);
    this.refreshTtlMs = intFromEnv(deps.env, 'REFRESH_TOKEN_DAYS', 30, 1, 365) * 86_400_000;
    this.providers = new IdentityProviders(providerConfigFromEnv(deps.env));
  }

  async signIn(input: SignInInput, clientIp: string): Promise<SessionResult | InvalidCredentialsError | TooManyAttemptsError> {
    const email = input.email?.trim() ? normalizeEmail(input.email) : null;
    const phone = input.phone?.trim() ? (normalizePhone(input.phone) ?? input.phone.trim()) : null;
    if ((email === null) === (phone === null)) throw badInput('Give either an e-mail address or a phone number, not both.');
    const checked = await this.checkCredentials(email ? { email } : { phone: phone! }, input.password, clientIp);
    return checked instanceof Account ? this.openSession(checked, randomUUID()) : checked;
  }

  /**
   * The password check behind every sign-in and registration with an existing account:
   * throttled per identifier and client address (A3), the same answer and about the same time
   * whether or not the account exists.
   */
  async checkCredentials(
    who: { email: string } | { phone: string },
    password: string,
    clientIp: string,
  ): Promise<Account | InvalidCredentialsError | TooManyAttemptsError> {
    const keys = throttleKeys('email' in who ? who.email : who.phone, clientIp);
    const wait = await this.throttle.waitSeconds(keys);
    if (wait > 0) return tooManyAttempts(wait);
    const account = await this.accounts.findOneBy({ ...who, status: AccountStatus.ACTIVE });
    const matches = await verifyPassword(password, account?.passwordHash ?? (await this.decoy()));
    if (!account?.passwordHash || !matches) {
      await this.throttle.recordFailure(keys);
      return invalidCredentials();
    }
    await this.throttle.recordSuccess(keys);
    return account;
  }

  /**
   * Google or Apple sign-in (A3): the verified e-mail of the ID token signs in to the account
   * with that e-mail, or creates one (with no password: it signs in this way, or after a reset).
   */
  async signInWithProvider(provider: ProviderName, idToken: string): Promise<SessionResult | InvalidIdTokenError> {
    const checked = await this.providers.verify(provider, idToken, this.clock.now());
    if ('problem' in checked) return invalidIdToken(checked.problem);
    // Signed by the provider, yet still checked: an address that cannot be an account's is refused.
    if (!isValidEmail(checked.email)) return invalidIdToken('INVALID');
    const email = normalizeEmail(checked.email);
    let account = await this.accounts.findOneBy({ email });
    if (account && account.status !== AccountStatus.ACTIVE) return invalidIdToken('INVALID');
    if (!account) {
      account = Object.assign(new Account(), { id: randomUUID(), email, phone: null, status: AccountStatus.ACTIVE, passwordHash: null, createdAt: this.clock.now() });
      await this.accounts.insert(account).catch(async (error) => {
        // Two first sign-ins at once: the other one created the account.
        if (!isDuplicateKey(error)) throw error;
        account = await this.accounts.findOneByOrFail({ email });
      });
    }
    return this.openSession(account, randomUUID());
  }

  /** Exchanges a refresh token for a new session; a replayed token revokes its whole family. */
  async refresh(refreshToken: string): Promise<SessionResult | InvalidRefreshTokenError> {
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Session);
      const session = await lockForUpdate(this.dataSource, repo.createQueryBuilder('s').where('s.refreshTokenHash = :hash', { hash: hashSecretToken(refreshToken) })).getOne();
      if (!session || session.revokedAt || session.expiresAt <= now) return null;
      if (session.replacedAt) {
        await this.revoke(manager, { familyId: session.familyId });
        return 'replayed' as const;
      }
      await repo.update({ id: session.id }, { replacedAt: now });
      return session;
    });
    if (outcome === null || outcome === 'replayed') return invalidRefreshToken();
    const account = await this.accounts.findOneBy({ id: outcome.accountId, status: AccountStatus.ACTIVE });
    if (!account) return invalidRefreshToken();
    return this.openSession(account, outcome.familyId);
  }

  /** Ends the session (its whole family) the refresh token belongs to. Idempotent. */
  async signOut(refreshToken: string): Promise<void> {
    const session = await this.sessions.findOneBy({ refreshTokenHash: hashSecretToken(refreshToken) });
    if (session) await this.revoke(this.dataSource.manager, { familyId: session.familyId });
  }

  /** Ends every session of the account. Access tokens already issued expire within 15 minutes. */
  async signOutEverywhere(accountId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await this.revoke(manager, { accountId });
  }

  /** Revokes the live sessions of a family or an account (revoked ones keep their time). */
  private async revoke(manager: EntityManager, which: { familyId: string } | { accountId: string }): Promise<void> {
    await manager.update(Session, { ...which, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  /** After a password reset the owner may sign in at once, even if someone had locked the e-mail (A3, A4). */
  async clearThrottle(email: string): Promise<void> {
    await this.throttle.recordSuccess(throttleKeys(email, ''));
  }

  /** Sets a password (seeds, registration, reset): hashed here, never stored or logged as given. */
  hash(password: string): Promise<string> {
    return hashPassword(password, this.hashCost);
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(randomBytes(16).toString('hex'), this.hashCost);
    return this.decoyHash;
  }

  private async openSession(account: Account, familyId: string): Promise<SessionResult> {
    const now = this.clock.now();
    const { token: refreshToken, hash: refreshTokenHash } = newSecretToken();
    const refreshTokenExpiresAt = new Date(now.getTime() + this.refreshTtlMs);
    await this.sessions.insert({
      id: randomUUID(),
      accountId: account.id,
      familyId,
      refreshTokenHash,
      createdAt: now,
      expiresAt: refreshTokenExpiresAt,
      replacedAt: null,
      revokedAt: null,
    });
    const roles = account.roles.split(',').filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    const access = await this.keys.sign({ accountId: account.id, roles }, now);
    return Object.assign(new SessionResult(), { accessToken: access.token, expiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt });
  }
}
