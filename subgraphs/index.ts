import type { SubgraphName } from '../kernel/config';
import type { SubgraphDefinition } from '../kernel/subgraph';
import { accountSubgraph } from './account/account.subgraph';
import { orderSubgraph } from './order/order.subgraph';
import { subscriptionSubgraph } from './subscription/subscription.subgraph';

/** The three subgraphs, by name. */
export const SUBGRAPH_DEFINITIONS: Record<SubgraphName, SubgraphDefinition<any, any>> = {
  account: accountSubgraph,
  order: orderSubgraph,
  subscription: subscriptionSubgraph,
};
