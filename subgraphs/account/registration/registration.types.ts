import type { EmailProblem } from '../../../kernel/email-address';
import { createUnionType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { ErrorCode } from '../../../kernel/error-codes';
import { ErrorResult } from '../../../kernel/error-result';
import { InvalidCredentialsError, TooManyAttemptsError } from '../sign-in/auth.types';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

@InputType({ description: 'Register a product (A2): its activation code or serial number, and the e-mail and password of the account to hold it.' })
export class RegisterProductInput {
  @Field(() => String, { nullable: true, description: bounded('Activation code from the product (case-sensitive). Give this or serialNumber.', BOUNDS.productCode) })
  activationCode?: string | null;

  @Field(() => String, { nullable: true, description: bounded('Serial number of the product (case-sensitive). Give this or activationCode.', BOUNDS.productCode) })
  serialNumber?: string | null;

  @Field({ description: bounded('E-mail address of the account: a new account is created for a new address.', BOUNDS.email) })
  email: string;

  @Field({ description: bounded('Password of the existing account, or the password of the new one, which must meet the password policy (A1: 8 to 50 characters unless configured otherwise).', BOUNDS.password) })
  password: string;
}

@ObjectType({ description: 'The product is registered: the license is being added to the account and shows in its licenses within moments.' })
export class ProductRegistration {
  @Field({ description: 'Whether a new account was created for this e-mail address.' })
  accountCreated: boolean;

  @Field(() => ID, { description: 'The license registered.' })
  licenseId: string;
}

@ObjectType({ implements: ErrorResult, description: 'No product has this activation code or serial number (A2).' })
export class UnknownProductCodeError extends ErrorResult {}

@ObjectType({ implements: ErrorResult, description: 'This product is already registered to another account (A2).' })
export class ProductAlreadyRegisteredError extends ErrorResult {}

@ObjectType({ implements: ErrorResult, description: 'The e-mail address is not one (A1): malformed, with spaces, control or invisible characters, or mixing alphabets so that it looks like another address.' })
export class InvalidEmailError extends ErrorResult {}

@ObjectType({ implements: ErrorResult, description: 'The new password does not meet the password policy (A1): code PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG or PASSWORD_TOO_COMMON.' })
export class InvalidPasswordError extends ErrorResult {}

export const RegisterProductResult = createUnionType({
  name: 'RegisterProductResult',
  description: 'The registration, or why the product was not registered (nothing was created then).',
  types: () =>
    [ProductRegistration, UnknownProductCodeError, ProductAlreadyRegisteredError, InvalidEmailError, InvalidPasswordError, InvalidCredentialsError, TooManyAttemptsError] as const,
});

export const error = <T extends ErrorResult>(type: new () => T, code: ErrorCode, message: string): T => Object.assign(new type(), { code, message });

/** INVALID_EMAIL, saying what is wrong with the address (A1: kernel/email-address.ts). */
export function invalidEmail(problem: EmailProblem): InvalidEmailError {
  const message =
    problem === 'CONTROL_CHARACTER'
      ? 'This e-mail address contains spaces, invisible or control characters. Please type it again.'
      : problem === 'MIXED_SCRIPT'
        ? 'This e-mail address mixes alphabets in a way that makes it look like another address (for example a Cyrillic "а" among Latin letters). Please type it again.'
        : 'Please enter a valid e-mail address, like name@example.com.';
  return error(InvalidEmailError, ErrorCode.INVALID_EMAIL, message);
}
