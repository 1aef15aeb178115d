import { randomUUID } from 'node:crypto';
import { insertRows } from '../../../kernel/db';
import type { EntityManager } from 'typeorm';
import { addBusinessDays, type BusinessCalendar } from '../../../kernel/business-days';
import type { Clock } from '../../../kernel/clock';
import type { Outbox } from '../../../kernel/outbox/outbox';
import { ORDER_CONFIRMED, type OrderConfirmed } from '../../events';
import type { Quote } from '../cart/cart-pricing';
import { downloads, ships, type Product } from '../catalog/product.entity';
import { Shipment, ShipmentState } from '../fulfilment/shipment.entity';
import type { InvoiceService } from '../invoices/invoice.service';
import { newPayment, Payment, PaymentOperation, PaymentState } from '../payments/payment.entity';
import { shipBy, type ShippingMethod } from '../shipping/shipping';
import type { PostalAddressData } from './address.type';
import { Order, OrderKind, OrderState } from './order.entity';
import { OrderItem } from './order-item.entity';
import type { PaymentKind } from './payment-method.type';

/** Job types of an order's life after placement (O5, O7). */
export const FULFILMENT_SHIP_JOB = 'fulfilment.ship';
export const CAPTURE_JOB = 'payments.capture';
export const RELEASE_JOB = 'payments.release';
export const WIRE_LAPSE_JOB = 'orders.wire-lapse';

const DAY = 86_400_000;

/** A line to turn into an order item. */
export interface PlannedLine {
  /** The cart line's id (to tie a Backup CD to its download item). */
  id: string;
  product: Product;
  quantity: number;
  autoRenew: boolean;
  backupCdForLineId: string | null;
  /** O2, a Backup CD bought later: the download item of an earlier order. */
  backupCdForOrderItemId: string | null;
}

/** Everything an order is made of, decided before its transaction. */
export interface OrderPlan {
  orderId: string;
  number: string;
  kind: OrderKind;
  accountId: string | null;
  email: string;
  passwordHash: string | null;
  cartIdHash: string | null;
  placedAt: Date;
  quote: Quote;
  lines: PlannedLine[];
  billing: PostalAddressData;
  shipping: PostalAddressData | null;
  shippingMethod: ShippingMethod | null;
  payment: {
    kind: PaymentKind;
    cardBrand: string | null;
    cardLast4: string | null;
    cardExpiryMonth: number | null;
    cardExpiryYear: number | null;
    cardLast5Digest: string | null;
    /** The processor's authorization of the total; null for a wire transfer. */
    authorizationId: string | null;
    paymentReference: string | null;
  };
  descriptor: string;
  /** Wire transfer: the day the money must arrive by. */
  paymentDueBy: Date | null;
}

export interface PlacementSettings {
  /** Business days after the order that the sandbox fulfilment agency ships (1 or 2: O7). */
  shipAfterBusinessDays: number;
}

/**
 * Writes a new order in the caller's transaction (O5, O7, O11, O13, X2): the order, its items
 * (prices, tax and what each product was, frozen), the record of the authorization, the invoice
 * with its gapless number, and, once its payment is secured, what follows on the one clock: the
 * charge of the downloads the day after, a parcel per physical line shipped by the fulfilment
 * agency and charged when it ships, and the licenses, asked of the subscription subgraph through
 * the outbox. A wire-transfer order waits for its money first (AWAITING_PAYMENT) and lapses if it
 * does not arrive in time.
 */
export class OrderPlacement {
  constructor(
    private readonly clock: Clock,
    private readonly calendar: BusinessCalendar,
    private readonly outbox: Outbox,
    private readonly invoices: InvoiceService,
    private readonly settings: PlacementSettings,
  ) {}

  async write(manager: EntityManager, plan: OrderPlan): Promise<{ order: Order; items: OrderItem[] }> {
    const { quote } = plan;
    const wire = plan.payment.authorizationId === null;
    const physical = plan.lines.some((l) => ships(l.product.delivery));
    // O2: a Backup CD bought later ties the new order to the earlier one; alone, it is an additional purchase.
    const later = plan.lines.find((l) => l.backupCdForOrderItemId);
    const relatedOrderId = later ? ((await manager.findOneBy(OrderItem, { id: later.backupCdForOrderItemId! }))?.orderId ?? null) : null;
    const order = Object.assign(new Order(), {
      id: plan.orderId,
      number: plan.number,
      accountId: plan.accountId,
      kind: relatedOrderId && plan.lines.every((l) => l.backupCdForOrderItemId) ? OrderKind.ADDITIONAL_PURCHASE : plan.kind,
      relatedOrderId,
      state: wire ? OrderState.AWAITING_PAYMENT : physical ? OrderState.IN_FULFILMENT : OrderState.SUBMITTED,
      placedAt: plan.placedAt,
      email: plan.email,
      passwordHash: plan.passwordHash,
      cartIdHash: plan.cartIdHash,
      currency: quote.currency,
      subtotalAmount: quote.subtotalAmount,
      shippingAmount: quote.shippingAmount,
      shippingTaxAmount: quote.shippingTaxAmount,
      taxAmount: quote.taxAmount,
      totalAmount: quote.totalAmount,
      taxIncluded: quote.taxIncluded,
      paymentKind: plan.payment.kind,
      cardBrand: plan.payment.cardBrand,
      cardLast4: plan.payment.cardLast4,
      cardExpiryMonth: plan.payment.cardExpiryMonth,
      cardExpiryYear: plan.payment.cardExpiryYear,
      cardLast5Digest: plan.payment.cardLast5Digest,
      authorizationId: plan.payment.authorizationId,
      paymentReference: plan.payment.paymentReference,
      chargeDescriptor: plan.descriptor,
      billingAddressData: plan.billing,
      shippingAddressData: physical ? plan.shipping : null,
      shippingMethod: physical ? plan.shippingMethod : null,
      paymentDueBy: plan.paymentDueBy,
    });
    const quoted = new Map(quote.lines.map((l) => [l.id, l]));
    const itemIdOfLine = new Map(plan.lines.map((l) => [l.id, randomUUID()]));
    const items = plan.lines.map((line, position) => {
      const q = quoted.get(line.id)!;
      return Object.assign(new OrderItem(), {
        id: itemIdOfLine.get(line.id)!,
        orderId: order.id,
        position,
        productId: line.product.id,
        productName: line.product.name,
        delivery: line.product.delivery,
        term: line.product.term,
        devices: line.product.devices,
        autoRenew: line.autoRenew,
        backupCdForItemId: line.backupCdForLineId ? (itemIdOfLine.get(line.backupCdForLineId) ?? null) : null,
        backupCdForOrderItemId: line.backupCdForOrderItemId,
        quantity: line.quantity,
        currency: order.currency,
        unitPriceAmount: q.unitPriceAmount,
        taxRateBasisPoints: q.taxRateBasisPoints,
        taxAmount: q.taxAmount,
        totalAmount: q.totalAmount,
      });
    });
    await insertRows(manager, Order, order);
    await insertRows(manager, OrderItem, items);
    if (!wire) {
      await insertRows(manager, Payment, newPayment(order, PaymentOperation.AUTHORIZATION, PaymentState.SUCCEEDED, order.totalAmount, `authorize:${order.id}`, this.clock.now(), { processorId: plan.payment.authorizationId }));
    }
    await this.invoices.issue(manager, order);
    if (wire) {
      await this.outbox.schedule(manager, { type: WIRE_LAPSE_JOB, payload: { orderId: order.id }, dueAt: plan.paymentDueBy! });
    } else if (plan.kind === OrderKind.RENEWAL) {
      await this.chargeRenewal(manager, order);
    } else {
      await this.confirm(manager, order, items, plan.lines.map((l) => l.product));
    }
    return { order, items };
  }

  /**
   * The payment is secured (authorized at placement, or a wire transfer received): the order goes
   * to fulfilment at once (O11), its downloads are charged the day after (card and PayPal: O5), its
   * physical lines get their parcels, and its licenses are asked for (X2).
   */
  async confirm(manager: EntityManager, order: Order, items: OrderItem[], products: Product[]): Promise<void> {
    const byId = new Map(products.map((p) => [p.id, p]));
    const physicalItems = items.filter((i) => ships(byId.get(i.productId)!.delivery));
    const charges = this.allocate(order, items, physicalItems);
    const charged = order.authorizationId !== null;

    if (charged && charges.downloads > 0) {
      // O5: download products are charged the day after the order.
      const capture = newPayment(order, PaymentOperation.CAPTURE, PaymentState.PENDING, charges.downloads, `capture:${order.id}:downloads`, this.clock.now());
      await insertRows(manager, Payment, capture);
      await this.outbox.schedule(manager, { type: CAPTURE_JOB, payload: { paymentId: capture.id }, dueAt: new Date(order.placedAt.getTime() + DAY) });
    }
    const now = this.clock.now();
    for (const [index, item] of physicalItems.entries()) {
      const shipment = Object.assign(new Shipment(), {
        id: randomUUID(),
        orderId: order.id,
        orderItemId: item.id,
        methodCode: order.shippingMethod!,
        state: ShipmentState.PENDING,
        shipBy: shipBy(now, this.calendar),
        shippedAt: null,
        estimatedDeliveryBy: null,
        trackingNumber: null,
        chargeAmount: charges.shipments[index],
        currency: order.currency,
      });
      await insertRows(manager, Shipment, shipment);
      // The sandbox fulfilment agency ships within two business days (O7).
      await this.outbox.schedule(manager, { type: FULFILMENT_SHIP_JOB, payload: { shipmentId: shipment.id }, dueAt: addBusinessDays(now, this.settings.shipAfterBusinessDays, this.calendar) });
    }
    const licensed = items.filter((i) => !byId.get(i.productId)!.isAddOn);
    if (licensed.length > 0) {
      const event: OrderConfirmed = {
        orderId: order.id,
        orderNumber: order.number,
        accountId: order.accountId,
        confirmedAt: now.toISOString(),
        lines: licensed.map((i) => ({
          orderItemId: i.id,
          productId: i.productId,
          productName: byId.get(i.productId)!.name,
          quantity: i.quantity,
          devices: i.devices ?? 1,
          term: (i.term as 'MONTHLY' | 'ANNUAL' | null) ?? null,
          autoRenew: i.autoRenew,
        })),
      };
      await this.outbox.publish(manager, { type: ORDER_CONFIRMED, aggregateType: 'order', aggregateId: order.id, payload: event as unknown as Record<string, unknown> });
    }
  }

  /**
   * S3, S5: a renewal order extends a license that is in use already, so it is charged at once
   * (a capture job due now) rather than the day after; it issues no license (the subscription
   * subgraph extends the existing one on `renewal.paid`, never a new serial: S1).
   */
  private async chargeRenewal(manager: EntityManager, order: Order): Promise<void> {
    const capture = newPayment(order, PaymentOperation.CAPTURE, PaymentState.PENDING, order.totalAmount, `capture:${order.id}:renewal`, this.clock.now());
    await insertRows(manager, Payment, capture);
    await this.outbox.schedule(manager, { type: CAPTURE_JOB, payload: { paymentId: capture.id }, dueAt: this.clock.now() });
  }

  /**
   * What each charge takes (O5): the download lines together, and each physical line with its
   * share of the shipping charge (by units, the remainder on the first parcel). The parts add up
   * to the total exactly.
   */
  allocate(order: Order, items: OrderItem[], physicalItems: OrderItem[]): { downloads: number; shipments: number[] } {
    const physical = new Set(physicalItems.map((i) => i.id));
    const downloadsTotal = items.filter((i) => !physical.has(i.id)).reduce((sum, i) => sum + i.totalAmount, 0);
    const shippingTotal = order.totalAmount - items.reduce((sum, i) => sum + i.totalAmount, 0);
    const units = physicalItems.reduce((sum, i) => sum + i.quantity, 0);
    const shares = physicalItems.map((i) => (units > 0 ? Math.floor((shippingTotal * i.quantity) / units) : 0));
    if (shares.length > 0) shares[0] += shippingTotal - shares.reduce((a, b) => a + b, 0);
    return { downloads: downloadsTotal, shipments: physicalItems.map((i, index) => i.totalAmount + shares[index]) };
  }

}

/** Whether an order item is downloaded (O10) — its license is usable at once. */
export function isDownload(item: Pick<OrderItem, 'delivery'>): boolean {
  return downloads(item.delivery as Product['delivery']);
}
