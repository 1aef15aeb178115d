import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { AccountContext } from '../account.context';
import { ConfirmAccountMergeResult, PreviewAccountMergeResult } from './account-merge.types';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

/** A6: merging another account into the signed-in one. */
@Resolver()
export class AccountMergeResolver {
  @Mutation(() => PreviewAccountMergeResult, { description: 'Shows what another account (proved by its e-mail and password) holds, before merging it into yours (A6).' })
  previewAccountMerge(
    @Arg('email', { description: bounded('E-mail of the other account.', BOUNDS.email) }) email: string,
    @Arg('password', { description: bounded('Password of the other account.', BOUNDS.password) }) password: string,
    @Ctx() ctx: AccountContext,
  ): Promise<typeof PreviewAccountMergeResult> {
    return ctx.services.merges.preview(ctx.identity, email, password, ctx.clientIp, ctx.requestId);
  }

  @Mutation(() => ConfirmAccountMergeResult, { description: 'Moves everything of the previewed account to yours and closes it, all or nothing (A6).' })
  confirmAccountMerge(@Arg('previewId', () => ID, { description: bounded('The previewId of previewAccountMerge.', BOUNDS.id) }) previewId: string, @Ctx() ctx: AccountContext): Promise<typeof ConfirmAccountMergeResult> {
    return ctx.services.merges.confirm(ctx.identity, previewId);
  }
}
