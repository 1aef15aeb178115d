import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { assertCanReadAccount } from '../../../kernel/identity';
import { pageRequest } from '../../../kernel/pagination';
import { OrderConnection } from './order-connection.type';
import type { OrderContext } from '../order.context';
import { AccountRef } from '../order.stubs';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

/** Contributes `Account.orders` to the account owned by the account subgraph. */
@Resolver(() => AccountRef)
export class AccountOrdersResolver {
  @FieldResolver(() => OrderConnection, {
    // Nullable: when the order subgraph cannot answer, the rest of the account still arrives,
    // with an error whose path names this field (README "When a subgraph is down").
    nullable: true,
    description: "The account's orders, newest first, a page at a time (O8). Null, with an error naming it, when orders cannot be read right now.",
  })
  orders(
    @Root() account: AccountRef,
    @Ctx() ctx: OrderContext,
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many orders to return (0 to 100).' }) first: number,
    @Arg('after', () => String, { nullable: true, description: bounded('Return the orders after this cursor (an endCursor of an earlier page).', BOUNDS.cursor) })
    after?: string | null,
  ): Promise<OrderConnection> {
    assertCanReadAccount(ctx.identity, account.id);
    return ctx.loaders.ordersPage(pageRequest(first, after)).load(account.id);
  }
}
