import DataLoader from 'dataloader';
import { byIdLoader, groupLoader } from '../../kernel/loaders';
import type { License } from './licenses/license.entity';
import type { SubscriptionServices } from './subscription.services';

/** Per-request loaders of the subscription subgraph. */
export function createSubscriptionLoaders({ licenses, renewals }: SubscriptionServices) {
  return {
    /** S3, S7: the waiting renewal cycles of each license (for nextRenewalAt). */
    renewalCyclesByLicense: groupLoader((ids) => renewals.cyclesOf(ids), (c) => c.licenseId),
    licenseById: byIdLoader((ids) => licenses.findByIds(ids), (l) => l.id),
    licensesByAccount: groupLoader((ids) => licenses.ofAccounts(ids), (l) => l.accountId!),
    installationsByLicense: groupLoader((ids) => licenses.installationsOf(ids), (i) => i.licenseId),
    licensesByOrder: new DataLoader<string, License[]>(async (orderIds) => {
      const pairs = await licenses.ofOrders(orderIds);
      return orderIds.map((id) => pairs.filter((p) => p.orderId === id).map((p) => p.license));
    }),
  };
}
export type SubscriptionLoaders = ReturnType<typeof createSubscriptionLoaders>;
