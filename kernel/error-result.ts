import { Field, InterfaceType } from 'type-graphql';

/**
 * The typed tier of errors (DESIGN "Errors"): an expected business outcome a client must
 * handle comes back as a result type implementing this interface, next to the success type
 * in a union, never as a thrown error.
 */
@InterfaceType('ErrorResult', { description: 'An expected failure the client should show to the customer: a stable code and a human message.' })
export abstract class ErrorResult {
  @Field({ description: 'Stable machine-readable code, e.g. INVALID_CREDENTIALS.' })
  code: string;

  @Field({ description: 'Message to show to the customer, in plain language.' })
  message: string;
}
