import type { DataSource } from 'typeorm';
import type { AccountServices } from './account.services';
import { buildFederatedSchema } from '../../kernel/federation';
import type { ServiceDeps, SubgraphDefinition } from '../../kernel/subgraph';
import { Account } from './accounts/account.entity';
import { createAccountLoaders, type AccountLoaders } from './account.loaders';
import { resolveAccountReference } from './accounts/account.reference';
import { AccountResolver } from './accounts/account.resolver';
import { seedAccountDemo } from './accounts/account.seed';
import { AccountService } from './accounts/account.service';
import { AuthResolver } from './sign-in/auth.resolver';
import { AuthService } from './sign-in/auth.service';
import { smsFromEnv } from '../../kernel/sms';
import { PhoneVerification } from './phone/phone-verification.entity';
import { PhoneVerificationResolver } from './phone/phone-verification.resolver';
import { PhoneVerificationService } from './phone/phone-verification.service';
import { AccountMerge } from './merge/account-merge.entity';
import { AccountMergeResolver } from './merge/account-merge.resolver';
import { AccountMergeService } from './merge/account-merge.service';
import { AccountChange } from './support/account-change.entity';
import { SupportResolver } from './support/support.resolver';
import { SupportService } from './support/support.service';
import { EmailRecoveryService } from './email-recovery/email-recovery.service';
import { EmailRecoveryResolver } from './email-recovery/email-recovery.resolver';
import { mailerFromEnv } from '../../kernel/mail';
import { PasswordReset } from './passwords/password-reset.entity';
import { PasswordResetResolver } from './passwords/password-reset.resolver';
import { PasswordResetService } from './passwords/password-reset.service';
import { RegistrationResolver } from './registration/registration.resolver';
import { RegistrationService } from './registration/registration.service';
import { Session } from './sign-in/session.entity';
import { THROTTLE_ENTITIES } from '../../kernel/throttle/throttle.entity';
import { SigningKeys } from './sign-in/signing-keys';
import { ACCESS_TOKEN } from '../../kernel/access-token';
import { migrations } from './migrations';

/** The account subgraph: accounts, credentials, sessions, merges, support actions. */
export const accountSubgraph: SubgraphDefinition<AccountServices, AccountLoaders> = {
  name: 'account',
  // The kernel's throttle table: sign-in, e-mail recovery and phone codes count attempts there.
  entities: [Account, Session, PasswordReset, AccountChange, AccountMerge, PhoneVerification, ...THROTTLE_ENTITIES],
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
