import type { SubgraphContext } from '../../kernel/context';
import type { SubscriptionLoaders } from './license.loaders';
import type { SubscriptionServices } from './index';

export type SubscriptionContext = SubgraphContext<SubscriptionServices, SubscriptionLoaders>;
