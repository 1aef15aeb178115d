import { Ctx, Query, Resolver } from 'type-graphql';
import { requireAccount } from '../../kernel/identity';
import type { AccountContext } from './account.context';
import { Account } from './account.entity';

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true, description: 'The signed-in account. UNAUTHENTICATED without a signed-in customer.' })
  me(@Ctx() ctx: AccountContext): Promise<Account | null> {
    return ctx.loaders.accountById.load(requireAccount(ctx.identity));
  }
}
