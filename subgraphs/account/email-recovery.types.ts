import { createUnionType, Field, ObjectType } from 'type-graphql';
import { TooManyAttemptsError } from './auth.types';
import { UnknownProductCodeError } from './registration.types';

/**
 * A5: "j•••n@ex•••.com". Enough for the owner to recognise the address, not enough to
 * write to it: first and last character of the name, first two of the domain, and the TLD.
 */
export function maskEmail(email: string): string {
  const [name, domain = ''] = email.split('@');
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  const maskedName = name.length <= 2 ? `${name[0] ?? ''}•••` : `${name[0]}•••${name[name.length - 1]}`;
  return `${maskedName}@${host.slice(0, 2)}•••${tld}`;
}

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
