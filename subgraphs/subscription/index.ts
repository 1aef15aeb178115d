import type { DataSource } from 'typeorm';
import { buildFederatedSchema } from '../../kernel/federation';
import type { ServiceDeps, SubgraphDefinition } from '../../kernel/subgraph';
import { Installation } from './installation.entity';
import { License } from './license.entity';
import { createSubscriptionLoaders, type SubscriptionLoaders } from './license.loaders';
import { resolveLicenseReference } from './license.reference';
import { AccountLicensesResolver, LicenseResolver, OrderLicensesResolver } from './license.resolver';
import { seedSubscriptionDemo } from './license.seed';
import { LicenseService } from './license.service';
import { LicenseTerm } from './license-term.entity';
import { migrations } from './migrations';
import { AccountRef, OrderRef, ProductRef } from './subscription.stubs';

export interface SubscriptionServices {
  licenses: LicenseService;
}

/** The subscription subgraph: licenses, installations, auto-renewal, renewals, reminders. */
export const subscriptionSubgraph: SubgraphDefinition<SubscriptionServices, SubscriptionLoaders> = {
  name: 'subscription',
  entities: [License, LicenseTerm, Installation],
  migrations,
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [LicenseResolver, AccountLicensesResolver, OrderLicensesResolver],
        orphanedTypes: [AccountRef, OrderRef, ProductRef],
      },
      { License: { __resolveReference: resolveLicenseReference } },
    ),
  createServices: (dataSource: DataSource, deps: ServiceDeps) => ({ licenses: new LicenseService(dataSource, deps) }),
  createLoaders: createSubscriptionLoaders,
  eventHandlers: {},
  jobHandlers: {},
  seedDemo: seedSubscriptionDemo,
};
