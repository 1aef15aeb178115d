import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { requireAccount, requireCaller } from '../../../kernel/identity';
import type { AccountContext } from '../account.context';
import { Account } from './account.entity';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true, description: 'The signed-in account. UNAUTHENTICATED without a signed-in customer.' })
  me(@Ctx() ctx: AccountContext): Promise<Account | null> {
    return ctx.loaders.accountById.load(requireAccount(ctx.identity));
  }

  @Query(() => Account, { nullable: true, description: 'Support and analysts: any account by id (analysts see personal data masked). Customers: only their own.' })
  async account(@Arg('id', () => ID, { description: bounded('Id of the account.', BOUNDS.id) }) id: string, @Ctx() ctx: AccountContext): Promise<Account | null> {
    requireCaller(ctx.identity);
    return ctx.services.accounts.canSee(ctx.identity, id) ? ctx.loaders.accountById.load(id) : null;
  }

  @FieldResolver(() => String, { description: 'The e-mail address the account signs in with (unique, case-insensitive). Masked for analysts.' })
  email(@Root() account: Account, @Ctx() ctx: AccountContext): string {
    return ctx.services.accounts.visibleEmail(ctx.identity, account);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Phone number in E.164 form (e.g. +14155550123), if the customer gave one. Masked for analysts.' })
  phone(@Root() account: Account, @Ctx() ctx: AccountContext): string | null {
    return ctx.services.accounts.visiblePhone(ctx.identity, account);
  }
}
