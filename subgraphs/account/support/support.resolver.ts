import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { AccountContext } from '../account.context';
import { AccountChange } from './account-change.entity';
import { SupportChangeResult, SupportContactChangeInput } from './support.types';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

/** A7: changes only a support agent may make, and their record. */
@Resolver()
export class SupportResolver {
  @Mutation(() => SupportChangeResult, { description: "Support only: changes an account's e-mail address and records who, when and why (A7)." })
  changeAccountEmail(@Arg('input', () => SupportContactChangeInput, { description: 'Account, new e-mail and reason.' }) input: SupportContactChangeInput, @Ctx() ctx: AccountContext): Promise<typeof SupportChangeResult> {
    return ctx.services.support.change(ctx.identity, 'EMAIL', input);
  }

  @Mutation(() => SupportChangeResult, { description: "Support only: changes an account's phone number and records who, when and why (A7)." })
  changeAccountPhone(@Arg('input', () => SupportContactChangeInput, { description: 'Account, new phone number and reason.' }) input: SupportContactChangeInput, @Ctx() ctx: AccountContext): Promise<typeof SupportChangeResult> {
    return ctx.services.support.change(ctx.identity, 'PHONE', input);
  }

  @Query(() => [AccountChange], { description: 'Support only: every support change of an account, newest first (A7).' })
  accountChanges(@Arg('accountId', () => ID, { description: bounded('The account.', BOUNDS.id) }) accountId: string, @Ctx() ctx: AccountContext): Promise<AccountChange[]> {
    return ctx.services.support.history(ctx.identity, accountId);
  }
}
