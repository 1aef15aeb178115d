import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AccountContext } from '../account.context';
import { PasswordResetRequested, ResetPasswordResult } from './password-reset.types';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

/** A4: forgotten password. */
@Resolver()
export class PasswordResetResolver {
  @Mutation(() => PasswordResetRequested, { description: 'Sends a password reset link if an account uses this e-mail; the answer is the same either way (A4).' })
  requestPasswordReset(@Arg('email', { description: bounded('E-mail address of the account.', BOUNDS.email) }) email: string, @Ctx() ctx: AccountContext): Promise<PasswordResetRequested> {
    return ctx.services.passwordReset.request(email);
  }

  @Mutation(() => ResetPasswordResult, { description: 'Sets a new password with the token of a reset link; every session of the account ends (A4).' })
  resetPassword(
    @Arg('token', { description: bounded('The token from the reset link.', BOUNDS.secretToken) }) token: string,
    @Arg('newPassword', { description: bounded('The new password; it must meet the password policy (A1).', BOUNDS.password) }) newPassword: string,
    @Arg('confirmPassword', { description: bounded('The new password again.', BOUNDS.password) }) confirmPassword: string,
    @Ctx() ctx: AccountContext,
  ): Promise<typeof ResetPasswordResult> {
    return ctx.services.passwordReset.reset(token, newPassword, confirmPassword);
  }
}
