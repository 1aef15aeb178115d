import type { SubgraphContext } from '../../kernel/context';
import type { OrderLoaders } from './order.loaders';
import type { OrderServices } from './order.services';

export type OrderContext = SubgraphContext<OrderServices, OrderLoaders>;
