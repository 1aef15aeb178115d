import { randomInt } from 'node:crypto';
import { insertRows } from '../../../kernel/db';
import type { EntityManager } from 'typeorm';
import type { BusinessCalendar } from '../../../kernel/business-days';
import type { Clock } from '../../../kernel/clock';
import type { Outbox } from '../../../kernel/outbox/outbox';
import { Order, OrderState } from '../orders/order.entity';
import { CAPTURE_JOB } from '../orders/order-placement';
import { newPayment, Payment, PaymentOperation, PaymentState } from '../payments/payment.entity';
import { estimatedDelivery, SHIPPING_METHODS, type ShippingMethod } from '../shipping/shipping';
import { Shipment, ShipmentState } from './shipment.entity';

/**
 * O7, O5: the fulfilment agency's side, as the sandbox plays it. A parcel ships (within two
 * business days of the order), gets a USPS tracking number only by Priority Mail, an estimated
 * delivery from its method's window in business days, and its charge: captured as it ships
 * (physical products are billed when shipped; parcels shipped separately are charged separately).
 */
export class FulfilmentService {
  constructor(
    private readonly clock: Clock,
    private readonly calendar: BusinessCalendar,
    private readonly outbox: Outbox,
  ) {}

  /** The job: the parcel ships. Shipping it again changes nothing. */
  async ship(manager: EntityManager, shipmentId: string): Promise<void> {
    const shipment = await manager.findOneBy(Shipment, { id: shipmentId });
    if (!shipment || shipment.state !== ShipmentState.PENDING) return;
    const now = this.clock.now();
    const method = shipment.methodCode as ShippingMethod;
    await manager.update(Shipment, { id: shipmentId, state: ShipmentState.PENDING }, {
      state: ShipmentState.SHIPPED,
      shippedAt: now,
      estimatedDeliveryBy: estimatedDelivery(now, method, this.calendar),
      trackingNumber: SHIPPING_METHODS[method].tracked ? uspsTrackingNumber() : null,
    });
    const order = await manager.findOneByOrFail(Order, { id: shipment.orderId });
    if (order.authorizationId) {
      const capture = newPayment(order, PaymentOperation.CAPTURE, PaymentState.PENDING, shipment.chargeAmount, `capture:${shipment.id}`, now, { shipmentId: shipment.id });
      await insertRows(manager, Payment, capture);
      await this.outbox.schedule(manager, { type: CAPTURE_JOB, payload: { paymentId: capture.id }, dueAt: now });
    }
    const pending = await manager.countBy(Shipment, { orderId: order.id, state: ShipmentState.PENDING });
    if (pending === 0 && order.state === OrderState.IN_FULFILMENT) {
      await manager.update(Order, { id: order.id, state: OrderState.IN_FULFILMENT }, { state: OrderState.SHIPPED });
    }
  }
}

/** A USPS tracking number of the Priority Mail form (22 digits starting 9405), check digit per USPS (mod 10, weights 3/1). */
export function uspsTrackingNumber(): string {
  let digits = '9405';
  while (digits.length < 21) digits += String(randomInt(10));
  const sum = [...digits].reverse().reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return digits + String((10 - (sum % 10)) % 10);
}
