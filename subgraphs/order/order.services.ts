import type { OrderService } from './order.service';
import type { RefundService } from './refund.service';

/** The services of the order subgraph, built once per process (see order.subgraph.ts). */
export interface OrderServices {
  orders: OrderService;
  refunds: RefundService;
}
