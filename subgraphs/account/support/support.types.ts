import { createUnionType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { ErrorResult } from '../../../kernel/error-result';
import { AccountChange } from './account-change.entity';
import { InvalidEmailError } from '../registration/registration.types';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

@InputType({ description: 'A support agent changes an account\'s e-mail or phone (A7).' })
export class SupportContactChangeInput {
  @Field(() => ID, { description: bounded('The account to change.', BOUNDS.id) })
  accountId: string;

  @Field({ description: bounded('The new value: an e-mail address, or a phone number in international form.', BOUNDS.contact) })
  value: string;

  @Field({ description: bounded('Why: what the customer could not do, how their identity was checked (at least 10 characters).', BOUNDS.reason) })
  reason: string;
}

@ObjectType({ implements: ErrorResult, description: 'Another account already uses this e-mail address or phone number.' })
export class ContactAlreadyUsedError extends ErrorResult {}

@ObjectType({ implements: ErrorResult, description: 'The phone number is not in international form (+14155550123).' })
export class InvalidPhoneError extends ErrorResult {}

export const SupportChangeResult = createUnionType({
  name: 'SupportChangeResult',
  description: 'The recorded change, or why nothing changed.',
  types: () => [AccountChange, InvalidEmailError, InvalidPhoneError, ContactAlreadyUsedError] as const,
});
