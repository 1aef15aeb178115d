import type { DataSource } from 'typeorm';
import type { SubscriptionServices } from './subscription.services';
import { buildFederatedSchema } from '../../kernel/federation';
import type { ServiceDeps, SubgraphDefinition } from '../../kernel/subgraph';
import { Installation } from './installations/installation.entity';
import { InstallationResolver } from './installations/installation.resolver';
import { InstallationService } from './installations/installation.service';
import { AutoRenewalResolver } from './licenses/auto-renewal.resolver';
import { AutoRenewalService } from './licenses/auto-renewal.service';
import { THROTTLE_ENTITIES } from '../../kernel/throttle/throttle.entity';
import { License } from './licenses/license.entity';
import { createSubscriptionLoaders, type SubscriptionLoaders } from './subscription.loaders';
import { resolveLicenseReference } from './licenses/license.reference';
import { AccountLicensesResolver, LicenseResolver, OrderLicensesResolver } from './licenses/license.resolver';
import { seedSubscriptionDemo } from './licenses/license.seed';
import { LicenseService } from './licenses/license.service';
import { LicenseTerm } from './licenses/license-term.entity';
import { migrations } from './migrations';
import type { Logger } from '../../kernel/logger';
import { ACCOUNTS_MERGED, LICENSE_LOOKUP_BODY, LICENSE_LOOKUP_PATH, LICENSE_REGISTERED, ORDER_CONFIRMED, REFUND_INITIATED, holdingsRoute, type AccountsMerged } from '../events';
import { applyRefundInitiated, parseRefundInitiated } from './refunds/refund-initiated';
import { parseOrderConfirmed } from './licenses/order-confirmed';
import { readTextFields } from '../../kernel/input-bounds';
import { AccountRef, OrderRef, ProductRef } from './subscription.stubs';

/** The subscription subgraph: licenses, installations, auto-renewal, renewals, reminders. */
export const subscriptionSubgraph: SubgraphDefinition<SubscriptionServices, SubscriptionLoaders> = {
  name: 'subscription',
  entities: [License, LicenseTerm, Installation, ...THROTTLE_ENTITIES],
  migrations,
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [LicenseResolver, AccountLicensesResolver, OrderLicensesResolver, InstallationResolver, AutoRenewalResolver],
        orphanedTypes: [AccountRef, OrderRef, ProductRef],
      },
      { License: { __resolveReference: resolveLicenseReference } },
    ),
  createServices: (dataSource: DataSource, deps: ServiceDeps) => {
    const licenses = new LicenseService(dataSource, deps);
    return {
      licenses,
      installations: new InstallationService(dataSource, deps, licenses),
      autoRenewal: new AutoRenewalService(dataSource, deps, licenses),
      log: deps.log,
    };
  },
  createLoaders: createSubscriptionLoaders,
  eventHandlers: {
    [ACCOUNTS_MERGED]: async (event, { manager, services }) => {
      const { fromAccountId, toAccountId } = event.payload as unknown as AccountsMerged;
      await services.licenses.moveAccount(manager, fromAccountId, toAccountId);
    },
    [LICENSE_REGISTERED]: async (event, { manager, services }) => {
      const { licenseId, accountId } = event.payload as { licenseId: string; accountId: string };
      const outcome = await services.licenses.bindToAccount(manager, licenseId, accountId);
      if (outcome === 'taken' || outcome === 'missing') services.log.warn({ eventId: event.id, licenseId, outcome }, 'registration not applied');
    },
    // O1, S1: a confirmed order issues its licenses, once per unit (codes are never logged).
    [ORDER_CONFIRMED]: async (event, { manager, services }) => {
      const order = parseOrderConfirmed(event.payload);
      const outcome = await services.licenses.issueForOrder(manager, order);
      services.log.info({ eventId: event.id, orderId: order.orderId, orderNumber: order.orderNumber, ...outcome }, 'licenses issued for a confirmed order');
    },
    // O12, S6: a return's refund revokes the returned units' licenses and takes back a refunded renewal.
    [REFUND_INITIATED]: async (event, { manager, services }) => {
      const refund = parseRefundInitiated(event.payload);
      const outcome = await applyRefundInitiated(manager, refund);
      services.log.info({ eventId: event.id, orderId: refund.orderId, refundId: refund.refundId, ...outcome }, 'refund applied to licenses');
    },
  },
  routes: ({ licenses }) => [
    holdingsRoute((accountId) => licenses.holdings(accountId)),
    {
      method: 'POST',
      path: LICENSE_LOOKUP_PATH,
      handle: async (body) => {
        const read = readTextFields(body, LICENSE_LOOKUP_BODY);
        if ('status' in read) return read;
        return { status: 200, body: (await licenses.lookupCode(read.values.code)) ?? { licenseId: null, registeredTo: null } };
      },
    },
  ],
  jobHandlers: {},
  seedDemo: seedSubscriptionDemo,
};
