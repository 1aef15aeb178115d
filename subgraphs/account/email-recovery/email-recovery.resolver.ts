import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AccountContext } from '../account.context';
import { RecoverEmailResult } from './email-recovery.types';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';

@Resolver()
export class EmailRecoveryResolver {
  // A mutation, not a query: every call counts against a rate limit.
  @Mutation(() => RecoverEmailResult, { description: 'Shows, masked, the e-mail a product was registered with (A5). Rate-limited.' })
  recoverEmail(
    @Arg('code', { description: bounded('Serial number or activation code of the product (case-sensitive).', BOUNDS.productCode) }) code: string,
    @Ctx() ctx: AccountContext,
  ): Promise<typeof RecoverEmailResult> {
    return ctx.services.emailRecovery.recover(code, ctx.clientIp, ctx.requestId);
  }
}
