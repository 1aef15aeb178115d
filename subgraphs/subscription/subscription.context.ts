import type { SubgraphContext } from '../../kernel/context';
import type { SubscriptionLoaders } from './subscription.loaders';
import type { SubscriptionServices } from './subscription.services';

export type SubscriptionContext = SubgraphContext<SubscriptionServices, SubscriptionLoaders>;
