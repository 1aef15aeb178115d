import type { DataSource } from 'typeorm';
import { JWKS_PATH } from '../../kernel/access-token';
import { intFromEnv } from '../../kernel/config';
import { buildFederatedSchema } from '../../kernel/federation';
import { mailerFromEnv } from '../../kernel/mail';
import { hashCostFromEnv } from '../../kernel/password-hash';
import { THROTTLE_ENTITIES } from '../../kernel/throttle/throttle.entity';
import type { ServiceDeps, SubgraphDefinition } from '../../kernel/subgraph';
import { ACCOUNTS_MERGED, RENEWAL_REMINDER, RENEWAL_REQUESTED, holdingsRoute, type AccountsMerged, type RenewalReminder, type RenewalRequested } from '../events';
import { RenewalCharge } from './renewals/renewal-charge.entity';
import { LicenseRenewalResolver, RenewSubscriptionResolver } from './renewals/renewal.resolver';
import { RENEWAL_CHARGE_JOB, RENEWAL_MAIL_JOB, RENEWAL_RECOVER_JOB, RenewalService } from './renewals/renewal.service';
import { CartLineResolver, CartResolver } from './cart/cart.resolver';
import { CartLine } from './cart/cart-line.entity';
import { Cart } from './cart/cart.entity';
import { CART_EXPIRY_JOB, CartService } from './cart/cart.service';
import { CatalogResolver } from './catalog/catalog.resolver';
import { CatalogService } from './catalog/catalog.service';
import { ProductPrice } from './catalog/product-price.entity';
import { Product } from './catalog/product.entity';
import { resolveProductReference } from './catalog/product.reference';
import { CheckoutResolver } from './checkout/checkout.resolver';
import { CheckoutService, RECOVER_ATTEMPT_JOB } from './checkout/checkout.service';
import { PaymentAttempt } from './checkout/payment-attempt.entity';
import { OrderDownloadsResolver } from './downloads/download.resolver';
import { DownloadService } from './downloads/download.service';
import { FileLinks } from './downloads/file-links';
import { fileStorageFromEnv } from './downloads/file-storage';
import { ProductFile } from './downloads/product-file.entity';
import { FulfilmentService } from './fulfilment/fulfilment.service';
import { Shipment } from './fulfilment/shipment.entity';
import { InvoiceCounter } from './invoices/invoice-counter.entity';
import { Invoice } from './invoices/invoice.entity';
import { InvoicePdfService } from './invoices/invoice-pdf.service';
import { InvoiceResolver } from './invoices/invoice.resolver';
import { InvoiceService } from './invoices/invoice.service';
import { migrations } from './migrations';
import { createOrderLoaders, type OrderLoaders } from './order.loaders';
import type { OrderServices } from './order.services';
import { AccountRef, LicenseRef } from './order.stubs';
import { AccountOrdersResolver } from './orders/account-orders.resolver';
import { OrderPaymentResolver, ShipmentResolver } from './orders/order-extras.resolver';
import { OrderItem } from './orders/order-item.entity';
import { OrderLookupResolver } from './orders/order-lookup.resolver';
import { OrderLookupService } from './orders/order-lookup.service';
import { OrderPageResolver } from './orders/order-page.resolver';
import { OrderPasswordReset } from './orders/order-password-reset.entity';
import { OrderPasswordService } from './orders/order-password.service';
import { CAPTURE_JOB, FULFILMENT_SHIP_JOB, OrderPlacement, RELEASE_JOB, WIRE_LAPSE_JOB } from './orders/order-placement';
import { OrderTokens } from './orders/order-tokens';
import { Order } from './orders/order.entity';
import { resolveOrderReference } from './orders/order.reference';
import { OrderItemResolver, OrderResolver } from './orders/order.resolver';
import { seedOrderDemo } from './orders/order.seed';
import { OrderService } from './orders/order.service';
import { sellerFromEnv } from './orders/seller';
import { WireTransferService } from './orders/wire-transfer.service';
import { ChargesService } from './payments/charges.service';
import { Payment } from './payments/payment.entity';
import { paymentServiceFromEnv } from './payments/payment.service';
import { SANDBOX_PROCESSOR_ENTITIES } from './payments/sandbox-processor.entity';
import { Refund, RefundItem, RefundState } from './returns/refund.entity';
import { REFUND_CREDIT_JOB, REFUND_MAIL_JOB, REFUND_PROCESS_JOB, RefundService } from './returns/refund.service';
import { RefundItemsResolver, ReturnsResolver } from './returns/returns.resolver';
import { TaxExemptionCertificate } from './tax-exemptions/tax-exemption.entity';
import { OrderTaxExemptionsResolver, TaxExemptionResolver } from './tax-exemptions/tax-exemption.resolver';
import { TaxExemptionService } from './tax-exemptions/tax-exemption.service';
import { OrderRelatedResolver } from './orders/order-related.resolver';
import { sanctionsFromEnv } from './shipping/sanctions';
import { loadTaxTables } from './tax/tax';

async function createServices(dataSource: DataSource, deps: ServiceDeps): Promise<OrderServices> {
  const { env, clock, calendar, outbox, log } = deps;
  const seller = sellerFromEnv(env);
  const tables = loadTaxTables();
  const catalog = new CatalogService(dataSource);
  const carts = new CartService(dataSource, deps, catalog, tables);
  const payments = paymentServiceFromEnv(env, dataSource, clock, log);
  const tokens = await OrderTokens.fromEnv(env);
  const hashCost = hashCostFromEnv(env);
  const mailer = mailerFromEnv(env, clock);
  const orderLookup = new OrderLookupService(dataSource, deps, tokens, payments, hashCost);
  const links = FileLinks.fromEnv(env, clock);
  const placement = new OrderPlacement(clock, calendar, outbox, new InvoiceService(seller.name), {
    shipAfterBusinessDays: intFromEnv(env, 'FULFILMENT_SHIP_AFTER_BUSINESS_DAYS', 1, 0, 2),
  });
  const charges = new ChargesService(dataSource, payments, clock, calendar, outbox, log);
  const refunds = new RefundService(dataSource, deps, payments, charges, mailer);
  const sanctions = sanctionsFromEnv(env);
  const checkout = new CheckoutService(dataSource, deps, carts, placement, payments, tokens, mailer, tables, sanctions, seller, hashCost);
  return {
    catalog,
    carts,
    checkout,
    renewals: new RenewalService(dataSource, deps, placement, payments, checkout, mailer, tables),
    orders: new OrderService(dataSource, deps),
    refunds,
    taxExemptions: new TaxExemptionService(dataSource, clock, refunds, sanctions),
    payments,
    charges,
    fulfilment: new FulfilmentService(clock, calendar, outbox),
    wireTransfers: new WireTransferService(dataSource, clock, placement),
    tokens,
    seller,
    orderLookup,
    orderPasswords: new OrderPasswordService(dataSource, deps, orderLookup, mailer, hashCost),
    downloads: new DownloadService(dataSource, fileStorageFromEnv(env), links, log),
    invoicePdfs: new InvoicePdfService(dataSource, links, seller),
  };
}

/** The order subgraph: catalog, cart, checkout, payments, tax, shipping, invoices, downloads, returns. */
export const orderSubgraph: SubgraphDefinition<OrderServices, OrderLoaders> = {
  name: 'order',
  entities: [
    Product,
    ProductPrice,
    ProductFile,
    Cart,
    CartLine,
    Order,
    OrderItem,
    OrderPasswordReset,
    Payment,
    PaymentAttempt,
    Shipment,
    Invoice,
    InvoiceCounter,
    Refund,
    RefundItem,
    TaxExemptionCertificate,
    RenewalCharge,
    ...SANDBOX_PROCESSOR_ENTITIES,
    ...THROTTLE_ENTITIES,
  ],
  migrations,
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [
          CatalogResolver,
          CartResolver,
          CartLineResolver,
          CheckoutResolver,
          OrderResolver,
          OrderItemResolver,
          OrderPaymentResolver,
          ShipmentResolver,
          AccountOrdersResolver,
          OrderLookupResolver,
          OrderPageResolver,
          OrderDownloadsResolver,
          InvoiceResolver,
          ReturnsResolver,
          RefundItemsResolver,
          OrderRelatedResolver,
          TaxExemptionResolver,
          OrderTaxExemptionsResolver,
          LicenseRenewalResolver,
          RenewSubscriptionResolver,
        ],
        orphanedTypes: [AccountRef, LicenseRef, Product],
      },
      {
        Order: { __resolveReference: resolveOrderReference },
        Product: { __resolveReference: resolveProductReference },
      },
    ),
  createServices,
  createLoaders: createOrderLoaders,
  eventHandlers: {
    [ACCOUNTS_MERGED]: async (event, { manager, services }) => {
      const { fromAccountId, toAccountId } = event.payload as unknown as AccountsMerged;
      await services.orders.moveAccount(manager, fromAccountId, toAccountId);
    },
    // S3: a reminder with the amount and the date.
    [RENEWAL_REMINDER]: async (event, { manager, services }) => {
      await services.renewals.remind(manager, event.payload as unknown as RenewalReminder);
    },
    // S3, S7: charge a renewal (or a retry), once per license, term and attempt.
    [RENEWAL_REQUESTED]: async (event, { manager, services }) => {
      await services.renewals.request(manager, event.payload as unknown as RenewalRequested);
    },
  },
  routes: ({ orders, tokens, downloads, invoicePdfs }) => [
    holdingsRoute((accountId) => orders.holdings(accountId)),
    // The public keys that verify order tokens (the gateway fetches them: O8).
    { method: 'GET', path: JWKS_PATH, open: true, handle: async () => ({ status: 200, body: tokens.published }) },
    // Signed links to files, passed on by the gateway from its public address (O10, O13).
    { method: 'GET', path: '/downloads/*', serve: (request) => downloads.serve(request) },
    { method: 'GET', path: '/invoices/*', serve: (request) => invoicePdfs.serve(request) },
  ],
  jobHandlers: {
    [REFUND_CREDIT_JOB]: (payload: { refundId: string }, { manager, services }) => services.refunds.markCredited(manager, payload.refundId),
    [REFUND_PROCESS_JOB]: {
      prepare: (payload: { refundId: string }, { services }) => services.refunds.prepareProcessing(payload.refundId),
      apply: (payload: { refundId: string }, { manager, services }, answers) => services.refunds.applyProcessing(manager, payload.refundId, answers),
    },
    [REFUND_MAIL_JOB]: {
      prepare: (payload: { refundId: string; state: RefundState }, { services }) => services.refunds.sendStateMail(payload.refundId, payload.state),
      apply: async () => undefined,
    },
    [CART_EXPIRY_JOB]: (payload: { idHash: string }, { manager, services }) => services.carts.expire(manager, payload.idHash),
    [FULFILMENT_SHIP_JOB]: (payload: { shipmentId: string }, { manager, services }) => services.fulfilment.ship(manager, payload.shipmentId),
    [WIRE_LAPSE_JOB]: (payload: { orderId: string }, { manager, services }) => services.wireTransfers.lapse(manager, payload.orderId),
    [CAPTURE_JOB]: {
      prepare: (payload: { paymentId: string }, { services }) => services.charges.captureOutside(payload.paymentId),
      apply: (payload: { paymentId: string }, { manager, services }, result) => services.charges.captureInside(manager, payload.paymentId, result),
    },
    [RELEASE_JOB]: {
      prepare: (payload: { paymentId: string }, { services }) => services.charges.releaseOutside(payload.paymentId),
      apply: (payload: { paymentId: string }, { manager, services }, result) => services.charges.releaseInside(manager, payload.paymentId, result),
    },
    [RENEWAL_CHARGE_JOB]: {
      prepare: (payload: { chargeId: string }, { services }) => services.renewals.chargeOutside(payload.chargeId),
      apply: (payload: { chargeId: string }, { manager, services }, outcome) => services.renewals.chargeInside(manager, payload.chargeId, outcome),
    },
    [RENEWAL_RECOVER_JOB]: {
      prepare: (payload: { chargeId: string }, { services }) => services.renewals.recoverOutside(payload.chargeId),
      apply: (payload: { chargeId: string }, { manager, services }, outcome) => services.renewals.recoverInside(manager, payload.chargeId, outcome),
    },
    [RENEWAL_MAIL_JOB]: (payload: { to: string; subject: string; text: string }, { services }) => services.renewals.send(payload),
    [RECOVER_ATTEMPT_JOB]: {
      prepare: (payload: { attemptId: string }, { services }) => services.checkout.recoverOutside(payload.attemptId),
      apply: (payload: { attemptId: string }, { manager, services }, outcome) => services.checkout.recoverInside(manager, payload.attemptId, outcome),
    },
  },
  seedDemo: seedOrderDemo,
};
