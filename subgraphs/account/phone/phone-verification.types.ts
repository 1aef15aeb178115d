import { createUnionType, Field, ObjectType } from 'type-graphql';
import { ErrorResult } from '../../../kernel/error-result';
import { TooManyAttemptsError } from '../sign-in/auth.types';
import { ContactAlreadyUsedError, InvalidPhoneError } from '../support/support.types';

@ObjectType({ description: 'A 6-digit code was sent by text message to the phone number.' })
export class PhoneCodeSent {
  @Field({ description: 'The number the code went to, in E.164 form.' })
  phone: string;

  @Field({ description: 'When the code stops working (10 minutes).' })
  expiresAt: Date;
}

@ObjectType({ description: 'The phone number is confirmed and is now the account\'s.' })
export class PhoneConfirmed {
  @Field({ description: 'The account\'s phone number, in E.164 form.' })
  phone: string;
}

@ObjectType({ implements: ErrorResult, description: 'The code is wrong, expired, already used, or was tried too often: ask for a new one.' })
export class InvalidPhoneCodeError extends ErrorResult {}

export const RequestPhoneCodeResult = createUnionType({
  name: 'RequestPhoneCodeResult',
  description: 'The code was sent, or why not.',
  types: () => [PhoneCodeSent, InvalidPhoneError, ContactAlreadyUsedError, TooManyAttemptsError] as const,
});

export const ConfirmPhoneResult = createUnionType({
  name: 'ConfirmPhoneResult',
  description: 'The phone is confirmed, or why not (nothing changed then).',
  types: () => [PhoneConfirmed, InvalidPhoneCodeError, InvalidPhoneError, ContactAlreadyUsedError] as const,
});
