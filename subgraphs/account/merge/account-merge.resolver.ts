import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { AccountContext } from '../account.context';
import { ConfirmAccountMergeResult, PreviewAccountMergeResult } from './account-merge.types';

/** A6: merging another account into the signed-in one. */
@Resolver()
export class AccountMergeResolver {
  @Mutation(() => PreviewAccountMergeResult, { description: 'Shows what another account (proved by its e-mail and password) holds, before merging it into yours (A6).' })
  previewAccountMerge(
    @Arg('email', { description: 'E-mail of the other account.' }) email: string,
    @Arg('password', { description: 'Password of the other account.' }) password: string,
    @Ctx() ctx: AccountContext,
  ): Promise<typeof PreviewAccountMergeResult> {
    return ctx.services.merges.preview(ctx.identity, email, password, ctx.clientIp, ctx.requestId);
  }

  @Mutation(() => ConfirmAccountMergeResult, { description: 'Moves everything of the previewed account to yours and closes it, all or nothing (A6).' })
  confirmAccountMerge(@Arg('previewId', () => ID, { description: 'The previewId of previewAccountMerge.' }) previewId: string, @Ctx() ctx: AccountContext): Promise<typeof ConfirmAccountMergeResult> {
    return ctx.services.merges.confirm(ctx.identity, previewId);
  }
}
