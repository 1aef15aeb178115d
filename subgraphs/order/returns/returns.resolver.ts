import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import type { OrderContext } from '../order.context';
import { Refund, RefundItem } from './refund.entity';
import { AcceptLetterOfDestructionResult, RequestReturnResult, ReturnInput, type ReturnError } from './returns.types';

/** O12: returns and the Electronic Letter of Destruction. Thin: RefundService owns the rules. */
@Resolver(() => Refund)
export class ReturnsResolver {
  @Mutation(() => RequestReturnResult, {
    description:
      '"Request a Return" (O12), for 30 days after purchase: the whole order, or some items and quantities. A download\'s refund is initiated at once (what was charged is refunded, what is only held is released); a return with a physical item waits for acceptLetterOfDestruction. Open to the account that placed the order, the holder of its order token, and support.',
  })
  requestReturn(@Arg('input', () => ReturnInput, { description: 'The order and what to return.' }) input: ReturnInput, @Ctx() ctx: OrderContext): Promise<Refund | ReturnError> {
    return ctx.services.refunds.requestReturn(ctx.identity, input);
  }

  @Mutation(() => AcceptLetterOfDestructionResult, {
    description: 'The customer accepts the Electronic Letter of Destruction of a return with a physical item (O12): its refund is initiated. Once only.',
  })
  acceptLetterOfDestruction(
    @Arg('refundId', () => ID, { description: bounded('The refund waiting for the letter (Refund.id, state AWAITING_LETTER_OF_DESTRUCTION).', BOUNDS.id) }) refundId: string,
    @Ctx() ctx: OrderContext,
  ): Promise<Refund | ReturnError> {
    return ctx.services.refunds.acceptLetterOfDestruction(ctx.identity, refundId);
  }
}

/** O12: what a return takes back, read through a per-request loader. */
@Resolver(() => Refund)
export class RefundItemsResolver {
  @FieldResolver(() => [RefundItem], { description: 'The order items and units this return takes back; empty for a tax refund (O6).' })
  items(@Root() refund: Refund, @Ctx() ctx: OrderContext): Promise<RefundItem[]> {
    return ctx.loaders.refundItemsByRefund.load(refund.id);
  }
}
