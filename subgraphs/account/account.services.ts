import type { AccountService } from './accounts/account.service';
import type { AuthService } from './sign-in/auth.service';
import type { PhoneVerificationService } from './phone/phone-verification.service';
import type { AccountMergeService } from './merge/account-merge.service';
import type { SupportService } from './support/support.service';
import type { EmailRecoveryService } from './email-recovery/email-recovery.service';
import type { PasswordResetService } from './passwords/password-reset.service';
import type { RegistrationService } from './registration/registration.service';
import type { SigningKeys } from './sign-in/signing-keys';

/** The services of the account subgraph, built once per process (see account.subgraph.ts). */
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
