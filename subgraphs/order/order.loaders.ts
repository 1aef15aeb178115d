import DataLoader from 'dataloader';
import { byIdLoader, groupLoader } from '../../kernel/loaders';
import type { PageRequest } from '../../kernel/pagination';
import type { OrderConnection } from './orders/order-connection.type';
import type { OrderServices } from './order.services';
import type { Product } from './catalog/product.entity';

/** Per-request loaders of the order subgraph. */
export function createOrderLoaders({ orders, catalog, downloads, taxExemptions }: OrderServices) {
  const pages = new Map<string, DataLoader<string, OrderConnection>>();
  const productById = byIdLoader((ids) => catalog.byIds(ids), (p: Product) => p.id);
  return {
    orderById: byIdLoader((ids) => orders.findByIds(ids), (o) => o.id),
    productById,
    /** The products of some ids, in one statement, as a map. */
    async productsOf(ids: readonly string[]): Promise<Map<string, Product>> {
      const products = await productById.loadMany([...new Set(ids)]);
      return new Map(products.filter((p): p is Product => p !== null && !(p instanceof Error)).map((p) => [p.id, p]));
    },
    pricesByProduct: groupLoader((ids) => catalog.pricesOf(ids), (p) => p.productId),
    paymentsByOrder: groupLoader((ids) => orders.paymentsOf(ids), (p) => p.orderId),
    shipmentsByOrder: groupLoader((ids) => orders.shipmentsOf(ids), (s) => s.orderId),
    itemsByOrder: groupLoader((ids) => orders.itemsOf(ids), (i) => i.orderId),
    invoiceByOrder: byIdLoader((ids) => orders.invoicesOf(ids), (i) => i.orderId),
    refundsByOrder: groupLoader((ids) => orders.refundsOf(ids), (r) => r.orderId),
    taxExemptionsByOrder: groupLoader((ids) => taxExemptions.certificatesOf(ids), (c) => c.orderId),
    refundItemsByRefund: groupLoader((ids) => orders.refundItemsOf(ids), (i) => i.refundId),
    laterOrdersByOrder: groupLoader((ids) => orders.laterOrdersOf(ids), (o) => o.relatedOrderId!),
    /** O10: the files each product delivers. */
    filesByProduct: groupLoader((ids) => downloads.filesOf(ids), (f) => f.productId),
    /** Accounts asking for the same page (same first/after) share one batch. */
    ordersPage(page: PageRequest): DataLoader<string, OrderConnection> {
      const key = JSON.stringify(page);
      let loader = pages.get(key);
      if (!loader) {
        loader = new DataLoader(async (accountIds) => {
          const byAccount = await orders.pagesFor(accountIds, page);
          return accountIds.map((id) => byAccount.get(id)!);
        });
        pages.set(key, loader);
      }
      return loader;
    },
  };
}
export type OrderLoaders = ReturnType<typeof createOrderLoaders>;
