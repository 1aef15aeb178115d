import type { DataSource } from 'typeorm';
import { buildFederatedSchema } from '../../kernel/federation';
import type { ServiceDeps, SubgraphDefinition } from '../../kernel/subgraph';
import { Account } from './account.entity';
import { createAccountLoaders, type AccountLoaders } from './account.loaders';
import { resolveAccountReference } from './account.reference';
import { AccountResolver } from './account.resolver';
import { seedAccountDemo } from './account.seed';
import { AccountService } from './account.service';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { smsFromEnv } from '../../kernel/sms';
import { PhoneVerification } from './phone-verification.entity';
import { PhoneVerificationResolver } from './phone-verification.resolver';
import { PhoneVerificationService } from './phone-verification.service';
import { AccountMerge } from './account-merge.entity';
import { AccountMergeResolver } from './account-merge.resolver';
import { AccountMergeService } from './account-merge.service';
import { AccountChange } from './account-change.entity';
import { SupportResolver } from './support.resolver';
import { SupportService } from './support.service';
import { EmailRecoveryService } from './email-recovery.service';
import { EmailRecoveryResolver } from './email-recovery.resolver';
import { mailerFromEnv } from '../../kernel/mail';
import { PasswordReset } from './password-reset.entity';
import { PasswordResetResolver } from './password-reset.resolver';
import { PasswordResetService } from './password-reset.service';
import { RegistrationResolver } from './registration.resolver';
import { RegistrationService } from './registration.service';
import { Session } from './session.entity';
import { SignInThrottle } from './sign-in-throttle.entity';
import { SigningKeys } from './signing-keys';
import { ACCESS_TOKEN } from '../../kernel/access-token';
import { migrations } from './migrations';

export interface AccountServices {
  accounts: AccountService;
  auth: AuthService;
  registration: RegistrationService;
  passwordReset: PasswordResetService;
  emailRecovery: EmailRecoveryService;
  support: SupportService;
  merges: AccountMergeService;
  phones: PhoneVerificationService;
  keys: SigningKeys;
}

/** The account subgraph: accounts, credentials, sessions, merges, support actions. */
export const accountSubgraph: SubgraphDefinition<AccountServices, AccountLoaders> = {
  name: 'account',
  entities: [Account, Session, SignInThrottle, PasswordReset, AccountChange, AccountMerge, PhoneVerification],
  migrations,
  buildSchema: () =>
    buildFederatedSchema({ resolvers: [AccountResolver, AuthResolver, RegistrationResolver, PasswordResetResolver, EmailRecoveryResolver, SupportResolver, AccountMergeResolver, PhoneVerificationResolver] }, { Account: { __resolveReference: resolveAccountReference } }),
  createServices: async (dataSource: DataSource, deps: ServiceDeps) => {
    const keys = await SigningKeys.fromEnv(deps.env);
    const auth = new AuthService(dataSource, deps, keys);
    const mailer = mailerFromEnv(deps.env, deps.clock);
    return {
      accounts: new AccountService(dataSource, deps),
      auth,
      registration: new RegistrationService(dataSource, deps, auth),
      passwordReset: new PasswordResetService(dataSource, deps, auth, mailer),
      emailRecovery: new EmailRecoveryService(dataSource, deps),
      support: new SupportService(dataSource, deps),
      merges: new AccountMergeService(dataSource, deps, auth),
      phones: new PhoneVerificationService(dataSource, deps, smsFromEnv(deps.env, deps.clock)),
      keys,
    };
  },
  // The public keys that verify access tokens (the gateway fetches them).
  routes: ({ keys }) => [{ method: 'GET', path: ACCESS_TOKEN.jwksPath, open: true, handle: async () => ({ status: 200, body: keys.published }) }],
  createLoaders: createAccountLoaders,
  eventHandlers: {},
  jobHandlers: {},
  seedDemo: seedAccountDemo,
};
