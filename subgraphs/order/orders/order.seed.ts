import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BillingPeriod } from '../../../kernel/billing-period';
import { addBusinessDays } from '../../../kernel/business-days';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { DEMO, daysFrom, demoDay } from '../../../kernel/demo';
import { Invoice } from '../invoices/invoice.entity';
import { Order, OrderKind, OrderState } from './order.entity';
import { OrderItem } from './order-item.entity';
import { PaymentKind } from './payment-method.type';
import { Product, ProductDelivery } from '../catalog/product.entity';
import { Refund, RefundState } from '../returns/refund.entity';
import { RefundService } from '../returns/refund.service';

export const SELLER = 'Example Software Store, Inc. (reseller of record)';

export const DEMO_PRODUCTS: Product[] = [
  { id: DEMO.products.maximumSecurity, sku: 'MS-1Y-3D', name: 'Maximum Security (1 year, 3 devices)', delivery: ProductDelivery.DOWNLOAD, term: BillingPeriod.ANNUAL, autoRenewAvailable: true, isAddOn: false, priceAmount: 4995, currency: 'USD' },
  { id: DEMO.products.internetSecurityBoxed, sku: 'IS-1Y-CD', name: 'Internet Security boxed CD (1 year, 1 device)', delivery: ProductDelivery.PHYSICAL, term: BillingPeriod.ANNUAL, autoRenewAvailable: false, isAddOn: false, priceAmount: 5995, currency: 'USD' },
  { id: DEMO.products.antivirusMonthly, sku: 'AV-1M-1D', name: 'Antivirus+ (monthly, 1 device)', delivery: ProductDelivery.DOWNLOAD, term: BillingPeriod.MONTHLY, autoRenewAvailable: true, isAddOn: false, priceAmount: 499, currency: 'USD' },
  { id: DEMO.products.backupCd, sku: 'BACKUP-CD', name: 'Backup CD', delivery: ProductDelivery.PHYSICAL, term: null, autoRenewAvailable: false, isAddOn: true, priceAmount: 1299, currency: 'USD' },
  { id: DEMO.products.premiumSuite, sku: 'PS-1Y-5D', name: 'Premium Security Suite (1 year, 5 devices)', delivery: ProductDelivery.DOWNLOAD_AND_PHYSICAL, term: BillingPeriod.ANNUAL, autoRenewAvailable: true, isAddOn: false, priceAmount: 7995, currency: 'USD' },
].map((p) => Object.assign(new Product(), p));

export interface OrderSpec {
  id: string;
  number: string;
  invoiceNumber: string;
  accountId: string;
  kind: OrderKind;
  state: OrderState;
  placedAt: Date;
  product: Product;
  shippingAmount?: number;
  /** Basis points of tax on the item, e.g. 825 for 8.25 %. */
  taxBasisPoints: number;
  payment: { kind: PaymentKind; brand?: string; last4?: string };
  billingName: string;
}

/** Builds an order with its one line and its invoice, with consistent amounts. */
export function buildOrder(spec: OrderSpec): { order: Order; item: OrderItem; invoice: Invoice } {
  const price = spec.product.priceAmount;
  const tax = Math.round((price * spec.taxBasisPoints) / 10_000);
  const shipping = spec.shippingAmount ?? 0;
  const currency = spec.product.currency;
  const order = Object.assign(new Order(), {
    id: spec.id,
    number: spec.number,
    accountId: spec.accountId,
    kind: spec.kind,
    state: spec.state,
    placedAt: spec.placedAt,
    currency,
    subtotalAmount: price,
    shippingAmount: shipping,
    taxAmount: tax,
    totalAmount: price + shipping + tax,
    paymentKind: spec.payment.kind,
    cardBrand: spec.payment.brand ?? null,
    cardLast4: spec.payment.last4 ?? null,
  });
  const item = Object.assign(new OrderItem(), {
    id: randomUUID(),
    orderId: spec.id,
    productId: spec.product.id,
    quantity: 1,
    currency,
    unitPriceAmount: price,
    taxAmount: tax,
    totalAmount: price + tax,
  });
  const invoice = Object.assign(new Invoice(), {
    id: randomUUID(),
    orderId: spec.id,
    number: spec.invoiceNumber,
    issuedAt: spec.placedAt,
    seller: SELLER,
    billingName: spec.billingName,
    billingLine1: '500 Market Street',
    billingLine2: null,
    billingCity: 'San Francisco',
    billingRegion: 'CA',
    billingPostalCode: '94105',
    billingCountry: 'US',
    currency,
    subtotalAmount: price + shipping,
    taxAmount: tax,
    totalAmount: price + shipping + tax,
  });
  return { order, item, invoice };
}

/** The demo catalog and the orders of the demo accounts, written once into an empty database. */
export async function seedOrderDemo(dataSource: DataSource, deps: ServiceDeps): Promise<boolean> {
  const { clock } = deps;
  if ((await dataSource.getRepository(Product).count()) > 0) return false;
  const day = demoDay(clock.now());
  const [maximumSecurity, boxed, monthly] = DEMO_PRODUCTS;
  const dana = DEMO.accounts.dana.id;
  const visa = { kind: PaymentKind.CARD, brand: 'Visa', last4: '4242' };
  const built = [
    buildOrder({ id: DEMO.orders.monthly, number: 'CG-100001', invoiceNumber: 'INV-100001', accountId: dana, kind: OrderKind.PURCHASE, state: OrderState.PAID, placedAt: daysFrom(day, -500), product: monthly, taxBasisPoints: 825, payment: { kind: PaymentKind.PAYPAL }, billingName: 'Dana Demo' }),
    buildOrder({ id: DEMO.orders.download, number: 'CG-100002', invoiceNumber: 'INV-100002', accountId: dana, kind: OrderKind.PURCHASE, state: OrderState.PAID, placedAt: daysFrom(day, -400), product: maximumSecurity, taxBasisPoints: 825, payment: visa, billingName: 'Dana Demo' }),
    buildOrder({ id: DEMO.orders.renewal, number: 'CG-100003', invoiceNumber: 'INV-100003', accountId: dana, kind: OrderKind.RENEWAL, state: OrderState.PAID, placedAt: daysFrom(day, -35), product: maximumSecurity, taxBasisPoints: 825, payment: visa, billingName: 'Dana Demo' }),
    buildOrder({ id: DEMO.orders.physical, number: 'CG-100004', invoiceNumber: 'INV-100004', accountId: dana, kind: OrderKind.PURCHASE, state: OrderState.SHIPPED, placedAt: daysFrom(day, -12), product: boxed, shippingAmount: 895, taxBasisPoints: 825, payment: { kind: PaymentKind.CARD, brand: 'MasterCard', last4: '4444' }, billingName: 'Dana Demo' }),
    buildOrder({ id: DEMO.orders.sam, number: 'CG-100005', invoiceNumber: 'INV-100005', accountId: DEMO.accounts.sam.id, kind: OrderKind.PURCHASE, state: OrderState.PAID, placedAt: daysFrom(day, -90), product: maximumSecurity, taxBasisPoints: 0, payment: { kind: PaymentKind.CARD, brand: 'American Express', last4: '0005' }, billingName: 'Sam Sample' }),
  ];
  const physical = built[3].order;
  const initiatedAt = daysFrom(day, -2);
  const refund = Object.assign(new Refund(), {
    id: '00000000-0000-4000-a000-00000000e001',
    orderId: physical.id,
    state: RefundState.INITIATED,
    currency: physical.currency,
    amountMinor: physical.totalAmount,
    requestedAt: daysFrom(day, -4),
    initiatedAt,
    // O12: credited within 5 to 7 business days of being initiated; the graph shows the later bound.
    expectedCreditBy: addBusinessDays(initiatedAt, 7, deps.calendar),
    creditedAt: null,
  });
  await dataSource.transaction(async (tx) => {
    await tx.insert(Product, DEMO_PRODUCTS);
    await tx.insert(Order, built.map((b) => b.order));
    await tx.insert(OrderItem, built.map((b) => b.item));
    await tx.insert(Invoice, built.map((b) => b.invoice));
    await tx.insert(Refund, refund);
    await new RefundService(deps).scheduleCredit(tx, refund);
  });
  return true;
}
