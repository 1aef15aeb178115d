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
import {
  ACCOUNTS_MERGED,
  LICENSE_LOOKUP_BODY,
  LICENSE_LOOKUP_PATH,
  LICENSE_REGISTERED,
  ORDER_CONFIRMED,
  REFUND_INITIATED,
  RENEWAL_BASIS_BODY,
  RENEWAL_BASIS_PATH,
  RENEWAL_DECLINED,
  RENEWAL_PAID,
  holdingsRoute,
  type AccountsMerged,
  type RenewalDeclined,
  type RenewalPaid,
} from '../events';
import { RenewalCycle } from './renewals/renewal-cycle.entity';
import { LicenseRenewalResolver } from './renewals/renewal.resolver';
import { RENEWAL_SWEEP_JOB, RenewalService } from './renewals/renewal.service';
import { renewalSettingsFromEnv } from './renewals/renewal.settings';
import { applyRefundInitiated, parseRefundInitiated } from './refunds/refund-initiated';
import { parseOrderConfirmed } from './licenses/order-confirmed';
import { readTextFields } from '../../kernel/input-bounds';
import { AccountRef, OrderRef, ProductRef } from './subscription.stubs';

/** The subscription subgraph: licenses, installations, auto-renewal, renewals, reminders. */
export const subscriptionSubgraph: SubgraphDefinition<SubscriptionServices, SubscriptionLoaders> = {
  name: 'subscription',
  entities: [License, LicenseTerm, Installation, RenewalCycle, ...THROTTLE_ENTITIES],
  migrations,
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [LicenseResolver, AccountLicensesResolver, OrderLicensesResolver, InstallationResolver, AutoRenewalResolver, LicenseRenewalResolver],
        orphanedTypes: [AccountRef, OrderRef, ProductRef],
      },
      { License: { __resolveReference: resolveLicenseReference } },
    ),
  createServices: async (dataSource: DataSource, deps: ServiceDeps) => {
    const licenses = new LicenseService(dataSource, deps);
    const renewals = new RenewalService(dataSource, deps, renewalSettingsFromEnv(deps.env));
    await renewals.ensureSweep();
    return {
      licenses,
      installations: new InstallationService(dataSource, deps, licenses),
      autoRenewal: new AutoRenewalService(dataSource, deps, licenses),
      renewals,
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
    // S3, S5, X2: a paid renewal order extends its license, once.
    [RENEWAL_PAID]: async (event, { manager, services }) => {
      const paid = event.payload as unknown as RenewalPaid;
      const outcome = await services.renewals.applyPaid(manager, paid);
      services.log.info({ eventId: event.id, licenseId: paid.licenseId, orderId: paid.orderId, outcome }, 'renewal paid');
    },
    // S7: a declined renewal is retried on the schedule, or the license lapses.
    [RENEWAL_DECLINED]: async (event, { manager, services }) => {
      const declined = event.payload as unknown as RenewalDeclined;
      const outcome = await services.renewals.applyDeclined(manager, declined);
      services.log.info({ eventId: event.id, licenseId: declined.licenseId, attempt: declined.attempt, outcome }, 'renewal declined');
    },
  },
  routes: ({ licenses, renewals }) => [
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
    {
      method: 'POST',
      path: RENEWAL_BASIS_PATH,
      handle: async (body) => {
        const read = readTextFields(body, RENEWAL_BASIS_BODY);
        if ('status' in read) return read;
        return { status: 200, body: { license: await renewals.basis(read.values.licenseId) } };
      },
    },
  ],
  jobHandlers: {
    [RENEWAL_SWEEP_JOB]: async (_payload, { manager, services, job }) => {
      await services.renewals.sweep(manager, job);
    },
  },
  seedDemo: seedSubscriptionDemo,
};
