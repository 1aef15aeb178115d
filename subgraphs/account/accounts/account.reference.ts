import { assertCanReadAccount } from '../../../kernel/identity';
import type { AccountContext } from '../account.context';
import type { Account } from './account.entity';

/** Resolves `Account` references from other subgraphs: only for its holder or staff, batched per request. */
export function resolveAccountReference(ref: Pick<Account, 'id'>, ctx: AccountContext): Promise<Account | null> {
  assertCanReadAccount(ctx.identity, ref.id);
  return ctx.loaders.accountById.load(ref.id);
}
