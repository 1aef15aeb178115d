import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { addBusinessDays } from '../../../kernel/business-days';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { DEMO, daysFrom, demoDay } from '../../../kernel/demo';
import { demoProduct, seedCatalog } from '../catalog/catalog.seed';
import { publishDemoFiles } from '../downloads/demo-files';
import { fileStorageFromEnv } from '../downloads/file-storage';
import { ProductFile } from '../downloads/product-file.entity';
import { Invoice } from '../invoices/invoice.entity';
import { Refund, RefundItem, RefundState } from '../returns/refund.entity';
import { REFUND_CREDIT_JOB } from '../returns/refund.service';
import type { PostalAddressData } from './address.type';
import { Order, OrderKind, OrderState } from './order.entity';
import { OrderItem } from './order-item.entity';
import { PaymentKind } from './payment-method.type';

export const SELLER = 'Example Software Store, Inc. (reseller of record)';

export interface OrderSpec {
  id: string;
  number: string;
  invoiceNumber: string;
  accountId: string | null;
  email: string;
  kind: OrderKind;
  state: OrderState;
  placedAt: Date;
  productId: string;
  shippingAmount?: number;
  /** Basis points of tax on the item, e.g. 825 for 8.25 %. */
  taxBasisPoints: number;
  payment: { kind: PaymentKind; brand?: string; last4?: string };
  billing: PostalAddressData;
  shippingMethod?: string;
}

/** A billing address in San Francisco (California: 7.25 % state sales tax, downloads exempt). */
export function demoAddress(name: string): PostalAddressData {
  return { name, line1: '500 Market Street', line2: null, city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };
}

/**
 * Builds a past order with its one line and its invoice, with consistent amounts (USD, tax
 * added). Used by the demo and the benchmark's bulk data; the store itself places orders through
 * the checkout.
 */
export function buildOrder(spec: OrderSpec): { order: Order; item: OrderItem; invoice: Invoice } {
  const product = demoProduct(spec.productId);
  const price = product.usd;
  const tax = Math.round((price * spec.taxBasisPoints) / 10_000);
  const shipping = spec.shippingAmount ?? 0;
  const currency = 'USD';
  const physical = product.delivery !== 'DOWNLOAD';
  const order = Object.assign(new Order(), {
    id: spec.id,
    number: spec.number,
    accountId: spec.accountId,
    kind: spec.kind,
    state: spec.state,
    placedAt: spec.placedAt,
    email: spec.email,
    passwordHash: null,
    cartIdHash: null,
    currency,
    subtotalAmount: price,
    shippingAmount: shipping,
    shippingTaxAmount: 0,
    taxAmount: tax,
    totalAmount: price + shipping + tax,
    taxIncluded: false,
    paymentKind: spec.payment.kind,
    cardBrand: spec.payment.brand ?? null,
    cardLast4: spec.payment.last4 ?? null,
    cardExpiryMonth: null,
    cardExpiryYear: null,
    cardLast5Digest: null,
    authorizationId: null,
    paymentReference: null,
    chargeDescriptor: 'DRI*Commerce Graph',
    billingAddressData: spec.billing,
    shippingAddressData: physical ? spec.billing : null,
    shippingMethod: physical ? (spec.shippingMethod ?? 'USPS_PRIORITY') : null,
    paymentDueBy: null,
  });
  const item = Object.assign(new OrderItem(), {
    id: randomUUID(),
    orderId: spec.id,
    position: 0,
    productId: product.id,
    productName: product.name,
    delivery: product.delivery,
    term: product.term,
    devices: product.devices,
    autoRenew: false,
    backupCdForItemId: null,
    quantity: 1,
    currency,
    unitPriceAmount: price,
    taxRateBasisPoints: spec.taxBasisPoints,
    taxAmount: tax,
    totalAmount: price + tax,
  });
  const b = spec.billing;
  const invoice = Object.assign(new Invoice(), {
    id: randomUUID(),
    orderId: spec.id,
    number: spec.invoiceNumber,
    issuedAt: spec.placedAt,
    seller: SELLER,
    billingName: b.name,
    billingLine1: b.line1,
    billingLine2: b.line2,
    billingCity: b.city,
    billingRegion: b.region,
    billingPostalCode: b.postalCode,
    billingCountry: b.country,
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
  if ((await dataSource.getRepository(Order).count()) > 0) return false;
  const day = demoDay(clock.now());
  const P = DEMO.products;
  const dana = DEMO.accounts.dana;
  const visa = { kind: PaymentKind.CARD, brand: 'Visa', last4: '4242' };
  const danaAddress = demoAddress('Dana Demo');
  const base = { accountId: dana.id, email: dana.email, billing: danaAddress };
  const built = [
    buildOrder({ ...base, id: DEMO.orders.monthly, number: 'CG-100001', invoiceNumber: 'INV-100001', kind: OrderKind.PURCHASE, state: OrderState.COMPLETED, placedAt: daysFrom(day, -500), productId: P.antivirusMonthly, taxBasisPoints: 825, payment: { kind: PaymentKind.PAYPAL } }),
    buildOrder({ ...base, id: DEMO.orders.download, number: 'CG-100002', invoiceNumber: 'INV-100002', kind: OrderKind.PURCHASE, state: OrderState.COMPLETED, placedAt: daysFrom(day, -400), productId: P.maximumSecurity, taxBasisPoints: 825, payment: visa }),
    buildOrder({ ...base, id: DEMO.orders.renewal, number: 'CG-100003', invoiceNumber: 'INV-100003', kind: OrderKind.RENEWAL, state: OrderState.COMPLETED, placedAt: daysFrom(day, -35), productId: P.maximumSecurity, taxBasisPoints: 825, payment: visa }),
    buildOrder({ ...base, id: DEMO.orders.physical, number: 'CG-100004', invoiceNumber: 'INV-100004', kind: OrderKind.PURCHASE, state: OrderState.SHIPPED, placedAt: daysFrom(day, -12), productId: P.internetSecurityBoxed, shippingAmount: 895, taxBasisPoints: 825, payment: { kind: PaymentKind.CARD, brand: 'MasterCard', last4: '4444' } }),
    buildOrder({ id: DEMO.orders.sam, number: 'CG-100005', invoiceNumber: 'INV-100005', accountId: DEMO.accounts.sam.id, email: DEMO.accounts.sam.email, kind: OrderKind.PURCHASE, state: OrderState.COMPLETED, placedAt: daysFrom(day, -90), productId: P.maximumSecurity, taxBasisPoints: 0, payment: { kind: PaymentKind.CARD, brand: 'American Express', last4: '0005' }, billing: { ...demoAddress('Sam Sample'), line1: '1 Harbor Drive', city: 'Portland', region: 'OR', postalCode: '97201' } }),
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
  // The installers the download products deliver (O10), written to the storage port first.
  const files = await publishDemoFiles(fileStorageFromEnv(deps.env), clock.now());
  await dataSource.transaction(async (tx) => {
    if ((await tx.getRepository('Product').count()) === 0) await seedCatalog(tx);
    if ((await tx.getRepository(ProductFile).count()) === 0) await tx.insert(ProductFile, files);
    await tx.insert(Order, built.map((b) => b.order));
    await tx.insert(OrderItem, built.map((b) => b.item));
    await tx.insert(Invoice, built.map((b) => b.invoice));
    await tx.insert(Refund, refund);
    // The whole boxed CD comes back: its unit, so the order reads refunded once the credit arrives.
    const boxed = built[3].item;
    await tx.insert(RefundItem, { id: '00000000-0000-4000-a000-00000000e101', refundId: refund.id, orderItemId: boxed.id, quantity: 1, units: [1], currency: boxed.currency, amountMinor: boxed.totalAmount, taxMinor: boxed.taxAmount });
    await deps.outbox.schedule(tx, { type: REFUND_CREDIT_JOB, payload: { refundId: refund.id }, dueAt: refund.expectedCreditBy });
  });
  return true;
}
