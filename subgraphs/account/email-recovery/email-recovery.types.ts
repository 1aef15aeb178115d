import { createUnionType, Field, ObjectType } from 'type-graphql';
import { TooManyAttemptsError } from '../sign-in/auth.types';
import { UnknownProductCodeError } from '../registration/registration.types';

@ObjectType({ description: 'The e-mail address a product was registered with, masked (A5).' })
export class RecoveredEmail {
  @Field({ description: 'The address with most characters hidden, e.g. j•••n@ex•••.com.' })
  maskedEmail: string;
}

export const RecoverEmailResult = createUnionType({
  name: 'RecoverEmailResult',
  description: 'The masked e-mail, or why it cannot be shown.',
  types: () => [RecoveredEmail, UnknownProductCodeError, TooManyAttemptsError] as const,
});
