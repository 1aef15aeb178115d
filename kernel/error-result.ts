import { Field, InterfaceType } from 'type-graphql';
import { ErrorCode } from './error-codes';

/**
 * The typed tier of errors (DESIGN "Errors"): an expected business outcome a client must
 * handle comes back as a result type implementing this interface, next to the success type
 * in a union, never as a thrown error.
 */
@InterfaceType('ErrorResult', { description: 'An expected failure the client should show to the customer: a stable code and a human message.' })
export abstract class ErrorResult {
  @Field(() => ErrorCode, { description: 'Stable machine-readable code, e.g. INVALID_CREDENTIALS: one of a closed set clients switch on.' })
  code: ErrorCode;

  @Field({ description: 'Message to show to the customer, in plain language.' })
  message: string;
}
