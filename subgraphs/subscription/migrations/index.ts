// Written by npm run migration:generate: the committed MySQL migrations of this subgraph, in order.
import { Initial1795325658746 } from './Initial.1795325658746';
import { Outbox1795326600046 } from './Outbox.1795326600046';
import { UnregisteredLicenses1795328837356 } from './UnregisteredLicenses.1795328837356';
import { LicensesIssuedByOrders1795438627102 } from './LicensesIssuedByOrders.1795438627102';
import { Renewals1795449097180 } from './Renewals.1795449097180';
import { Installations1795450000000 } from './Installations.1795450000000';
import { LicenseCopiesOfOrder1795460000000 } from './LicenseCopiesOfOrder.1795460000000';

export const migrations: Function[] = [Initial1795325658746, Outbox1795326600046, UnregisteredLicenses1795328837356, LicensesIssuedByOrders1795438627102, Renewals1795449097180, Installations1795450000000, LicenseCopiesOfOrder1795460000000];
