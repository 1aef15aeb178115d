import type { SubgraphContext } from '../../kernel/context';
import type { OrderLoaders } from './order.loaders';
import type { OrderServices } from './index';

export type OrderContext = SubgraphContext<OrderServices, OrderLoaders>;
