import { createUnionType, Field, ObjectType } from 'type-graphql';
import { ErrorResult } from '../../../kernel/error-result';
import { InvalidPasswordError } from '../registration/registration.types';

@ObjectType({ description: 'The same answer whether or not an account has this e-mail address (A4).' })
export class PasswordResetRequested {
  @Field({ description: 'What to tell the customer.' })
  message: string;
}

@ObjectType({ description: 'The password was changed and every session of the account ended (A4).' })
export class PasswordChanged {
  @Field({ description: 'What to tell the customer.' })
  message: string;
}

@ObjectType({ implements: ErrorResult, description: 'The reset link is unknown, expired or already used (A4).' })
export class InvalidResetTokenError extends ErrorResult {}

@ObjectType({ implements: ErrorResult, description: 'The new password and its confirmation differ (A4).' })
export class PasswordsDoNotMatchError extends ErrorResult {}

export const ResetPasswordResult = createUnionType({
  name: 'ResetPasswordResult',
  description: 'The password was changed, or why not (nothing changed then).',
  types: () => [PasswordChanged, InvalidResetTokenError, PasswordsDoNotMatchError, InvalidPasswordError] as const,
});
