import { createUnionType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { ErrorCode } from '../../../kernel/error-codes';
import { ErrorResult } from '../../../kernel/error-result';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import { OrderAccess } from '../checkout/checkout.types';

@InputType({
  description:
    'Quick Order Lookup (O8): exactly one pair — the order number with the order password (from the confirmation e-mail), or the e-mail address given at checkout with the last 5 digits of the card paid with.',
})
export class LookupOrderInput {
  @Field(() => String, { nullable: true, description: bounded('The order number, e.g. CG-12345678 (case does not matter).', BOUNDS.orderNumber) })
  orderNumber?: string | null;

  @Field(() => String, { nullable: true, description: bounded('The order password from the confirmation e-mail, or the one chosen since.', BOUNDS.password) })
  orderPassword?: string | null;

  @Field(() => String, { nullable: true, description: bounded('The e-mail address given at checkout.', BOUNDS.email) })
  email?: string | null;

  @Field(() => String, { nullable: true, description: bounded('The last 5 digits of the card the order was paid with.', BOUNDS.cardLast5) })
  cardLast5?: string | null;
}

@ObjectType({
  implements: ErrorResult,
  description: 'Why an order could not be opened, or its password not changed (O8); nothing was changed.',
})
export class OrderAccessError extends ErrorResult {
  @Field(() => [String], { nullable: true, description: 'Path of the input at fault, e.g. ["input", "cardLast5"] or ["confirmPassword"]; null when no one part is (ORDER_LOOKUP_FAILED never names one).' })
  field: string[] | null;

  @Field(() => Int, { nullable: true, description: 'TOO_MANY_ATTEMPTS: seconds to wait before trying again.' })
  retryAfterSeconds: number | null;
}

export function orderAccessError(code: ErrorCode, message: string, field: string[] | null = null, retryAfterSeconds: number | null = null): OrderAccessError {
  return Object.assign(new OrderAccessError(), { code, message, field, retryAfterSeconds });
}

export const LookupOrderResult = createUnionType({
  name: 'LookupOrderResult',
  description: "A token that opens the order, or why not (O8).",
  types: () => [OrderAccess, OrderAccessError] as const,
});

export const ResetOrderPasswordResult = createUnionType({
  name: 'ResetOrderPasswordResult',
  description: 'The new order password is set and the order is open with the token given; or why not (nothing changed then).',
  types: () => [OrderAccess, OrderAccessError] as const,
});

/** The one answer to a lookup that matches no order (O8), whichever part was wrong. */
export const LOOKUP_FAILED_MESSAGE = 'We could not find an order with the information you entered. Please check it and try again.';

export function tooManyLookups(retryAfterSeconds: number): OrderAccessError {
  const wait = retryAfterSeconds >= 120 ? `${Math.ceil(retryAfterSeconds / 60)} minutes` : retryAfterSeconds === 1 ? 'a second' : `${retryAfterSeconds} seconds`;
  return orderAccessError(ErrorCode.TOO_MANY_ATTEMPTS, `Too many attempts. Please wait ${wait} and try again.`, null, retryAfterSeconds);
}
