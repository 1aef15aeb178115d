import type { SubgraphName } from '../kernel/config';
import type { SubgraphDefinition } from '../kernel/subgraph';
import { accountSubgraph } from './account';
import { orderSubgraph } from './order';
import { subscriptionSubgraph } from './subscription';

/** The three subgraphs, by name. */
export const SUBGRAPH_DEFINITIONS: Record<SubgraphName, SubgraphDefinition<any, any>> = {
  account: accountSubgraph,
  order: orderSubgraph,
  subscription: subscriptionSubgraph,
};
