import { requireCaller } from '../../../kernel/identity';
import type { License } from './license.entity';
import type { SubscriptionContext } from '../subscription.context';

/** `License` references: only the holder or staff see a license. */
export async function resolveLicenseReference(ref: Pick<License, 'id'>, ctx: SubscriptionContext): Promise<License | null> {
  requireCaller(ctx.identity);
  const license = await ctx.loaders.licenseById.load(ref.id);
  return license && ctx.services.licenses.visibleTo(ctx.identity, license) ? license : null;
}
