import { createUnionType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ErrorCode } from '../../../kernel/error-codes';
import { ErrorResult } from '../../../kernel/error-result';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import { Refund } from './refund.entity';

/** Most lines one return names (an order has at most 50 lines, the cart's bound). */
export const RETURN_MAX_ITEMS = 50;

@InputType({ description: 'Some units of one order item to return (O12).' })
export class ReturnItemInput {
  @Field(() => ID, { description: bounded('The order item (OrderItem.id).', BOUNDS.id) })
  orderItemId: string;

  @Field(() => Int, { description: 'How many units of it: at least 1, at most what was bought and not already returned.' })
  quantity: number;
}

@InputType({ description: '"Request a Return" (O12): the whole order, or some items and quantities, within 30 days of purchase.' })
export class ReturnInput {
  @Field(() => ID, { description: bounded('The order (Order.id).', BOUNDS.id) })
  orderId: string;

  @Field(() => [ReturnItemInput], { nullable: true, description: bounded('The items and quantities to return; omitted or empty: everything not yet returned.', { maxItems: RETURN_MAX_ITEMS }) })
  items?: ReturnItemInput[] | null;

  @Field(() => String, { nullable: true, description: bounded('Why, in the customer\'s words (optional).', BOUNDS.reason) })
  reason?: string | null;
}

@ObjectType({ implements: ErrorResult, description: 'Why a return, or a step of its refund, was refused (O12); nothing was changed.' })
export class ReturnError extends ErrorResult {
  @Field(() => ID, { nullable: true, description: 'The order item at fault, when one is.' })
  orderItemId: string | null;

  @Field(() => Int, { nullable: true, description: 'RETURN_MORE_THAN_BOUGHT: how many units of that item can still be returned.' })
  returnable: number | null;
}

export function returnError(code: ErrorCode, message: string, orderItemId: string | null = null, returnable: number | null = null): ReturnError {
  return Object.assign(new ReturnError(), { code, message, orderItemId, returnable });
}

export const RequestReturnResult = createUnionType({
  name: 'RequestReturnResult',
  description: 'The return and its refund, or why not (nothing was changed then).',
  types: () => [Refund, ReturnError] as const,
});

export const AcceptLetterOfDestructionResult = createUnionType({
  name: 'AcceptLetterOfDestructionResult',
  description: 'The refund, now being processed, or why not (nothing was changed then).',
  types: () => [Refund, ReturnError] as const,
});
