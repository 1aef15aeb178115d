// Written by npm run migration:generate: the committed MySQL migrations of this subgraph, in order.
import { Initial1795325658746 } from './Initial.1795325658746';
import { Outbox1795326600046 } from './Outbox.1795326600046';
import { SandboxProcessor1795438682982 } from './SandboxProcessor.1795438682982';
import { Store1795439952573 } from './Store.1795439952573';
import { AfterSale1795444609453 } from './AfterSale.1795444609453';
import { Returns1795448973285 } from './Returns.1795448973285';
import { AfterSaleExtras1795449645385 } from './AfterSaleExtras.1795449645385';
import { Renewals1795449097180 } from './Renewals.1795449097180';

export const migrations: Function[] = [Initial1795325658746, Outbox1795326600046, SandboxProcessor1795438682982, Store1795439952573, AfterSale1795444609453, Returns1795448973285, Renewals1795449097180, AfterSaleExtras1795449645385];
