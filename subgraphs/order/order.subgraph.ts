import type { DataSource } from 'typeorm';
import type { OrderServices } from './order.services';
import { buildFederatedSchema } from '../../kernel/federation';
import type { ServiceDeps, SubgraphDefinition } from '../../kernel/subgraph';
import { AccountOrdersResolver } from './orders/account-orders.resolver';
import { Invoice } from './invoices/invoice.entity';
import { LicenseOrderResolver } from './orders/license-order.resolver';
import { migrations } from './migrations';
import { ACCOUNTS_MERGED, holdingsRoute, type AccountsMerged } from '../events';
import { Order } from './orders/order.entity';
import { OrderItem } from './orders/order-item.entity';
import { createOrderLoaders, type OrderLoaders } from './order.loaders';
import { resolveOrderReference } from './orders/order.reference';
import { resolveProductReference } from './catalog/product.reference';
import { CatalogResolver } from './catalog/catalog.resolver';
import { CatalogService } from './catalog/catalog.service';
import { ProductPrice } from './catalog/product-price.entity';
import { Cart } from './cart/cart.entity';
import { CartLine } from './cart/cart-line.entity';
import { Payment } from './payments/payment.entity';
import { PaymentAttempt } from './checkout/payment-attempt.entity';
import { Shipment } from './fulfilment/shipment.entity';
import { InvoiceCounter } from './invoices/invoice-counter.entity';
import { OrderItemResolver, OrderResolver } from './orders/order.resolver';
import { seedOrderDemo } from './orders/order.seed';
import { OrderService } from './orders/order.service';
import { paymentServiceFromEnv } from './payments/payment.service';
import { SANDBOX_PROCESSOR_ENTITIES } from './payments/sandbox-processor.entity';
import { AccountRef, LicenseRef } from './order.stubs';
import { Product } from './catalog/product.entity';
import { Refund } from './returns/refund.entity';
import { REFUND_CREDIT_JOB, RefundService } from './returns/refund.service';

/** The order subgraph: catalog, cart, checkout, payments, tax, shipping, invoices, downloads, returns. */
export const orderSubgraph: SubgraphDefinition<OrderServices, OrderLoaders> = {
  name: 'order',
  entities: [Product, ProductPrice, Cart, CartLine, Order, OrderItem, Payment, PaymentAttempt, Shipment, Invoice, InvoiceCounter, Refund, ...SANDBOX_PROCESSOR_ENTITIES],
  migrations,
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [CatalogResolver, OrderResolver, OrderItemResolver, AccountOrdersResolver, LicenseOrderResolver],
        orphanedTypes: [AccountRef, LicenseRef, Product],
      },
      {
        Order: { __resolveReference: resolveOrderReference },
        Product: { __resolveReference: resolveProductReference },
      },
    ),
  createServices: (dataSource: DataSource, deps: ServiceDeps) => ({
    catalog: new CatalogService(dataSource),
    orders: new OrderService(dataSource, deps),
    refunds: new RefundService(deps),
    payments: paymentServiceFromEnv(deps.env, dataSource, deps.clock, deps.log),
  }),
  createLoaders: createOrderLoaders,
  eventHandlers: {
    [ACCOUNTS_MERGED]: async (event, { manager, services }) => {
      const { fromAccountId, toAccountId } = event.payload as unknown as AccountsMerged;
      await services.orders.moveAccount(manager, fromAccountId, toAccountId);
    },
  },
  routes: ({ orders }) => [holdingsRoute((accountId) => orders.holdings(accountId))],
  jobHandlers: {
    [REFUND_CREDIT_JOB]: (payload: { refundId: string }, { manager, services }) => services.refunds.markCredited(manager, payload.refundId),
  },
  seedDemo: seedOrderDemo,
};
