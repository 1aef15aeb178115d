import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AccountContext } from '../account.context';
import { PasswordResetRequested, ResetPasswordResult } from './password-reset.types';

/** A4: forgotten password. */
@Resolver()
export class PasswordResetResolver {
  @Mutation(() => PasswordResetRequested, { description: 'Sends a password reset link if an account uses this e-mail; the answer is the same either way (A4).' })
  requestPasswordReset(@Arg('email', { description: 'E-mail address of the account.' }) email: string, @Ctx() ctx: AccountContext): Promise<PasswordResetRequested> {
    return ctx.services.passwordReset.request(email);
  }

  @Mutation(() => ResetPasswordResult, { description: 'Sets a new password with the token of a reset link; every session of the account ends (A4).' })
  resetPassword(
    @Arg('token', { description: 'The token from the reset link.' }) token: string,
    @Arg('newPassword', { description: 'The new password (A1).' }) newPassword: string,
    @Arg('confirmPassword', { description: 'The new password again.' }) confirmPassword: string,
    @Ctx() ctx: AccountContext,
  ): Promise<typeof ResetPasswordResult> {
    return ctx.services.passwordReset.reset(token, newPassword, confirmPassword);
  }
}
