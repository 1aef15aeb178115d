import type { CatalogService } from './catalog/catalog.service';
import type { OrderService } from './orders/order.service';
import type { PaymentService } from './payments/payment.service';
import type { RefundService } from './returns/refund.service';

/** The services of the order subgraph, built once per process (see order.subgraph.ts). */
export interface OrderServices {
  catalog: CatalogService;
  orders: OrderService;
  refunds: RefundService;
  /** The payment processor, statement descriptor and card-digit digests (O3–O5, O8). */
  payments: PaymentService;
}
