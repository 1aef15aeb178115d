import { insertRows } from '../../../kernel/db';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { notFound } from '../../../kernel/errors';
import { Product } from '../catalog/product.entity';
import { In } from 'typeorm';
import { newPayment, Payment, PaymentOperation, PaymentState } from '../payments/payment.entity';
import { Order, OrderState } from './order.entity';
import { OrderItem } from './order-item.entity';
import type { OrderPlacement } from './order-placement';

/**
 * O3: an order paid by wire transfer waits for its money (AWAITING_PAYMENT, the bank details
 * shown on the order), then goes to fulfilment like any other once support records the transfer;
 * it lapses (PAYMENT_LAPSED) when the money has not arrived after WIRE_TRANSFER_DAYS.
 */
export class WireTransferService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly placement: OrderPlacement,
  ) {}

  /** Support records that the money arrived: the order is confirmed (licenses, parcels) at once. */
  async received(orderNumber: string): Promise<Order> {
    return this.dataSource.transaction(async (manager) => {
      const order = await manager.findOneBy(Order, { number: orderNumber.trim().toUpperCase() });
      if (!order || order.state !== OrderState.AWAITING_PAYMENT) throw notFound('No order with this number is waiting for a wire transfer.');
      const items = await manager.find(OrderItem, { where: { orderId: order.id }, order: { position: 'ASC' } });
      const products = await manager.findBy(Product, { id: In(items.map((i) => i.productId)) });
      const physical = await this.placementState(items, products);
      await manager.update(Order, { id: order.id, state: OrderState.AWAITING_PAYMENT }, { state: physical ? OrderState.IN_FULFILMENT : OrderState.COMPLETED, paymentDueBy: null });
      const now = this.clock.now();
      await insertRows(manager, Payment, newPayment(order, PaymentOperation.WIRE_TRANSFER, PaymentState.SUCCEEDED, order.totalAmount, `wire:${order.id}`, now));
      await this.placement.confirm(manager, order, items, products);
      return manager.findOneByOrFail(Order, { id: order.id });
    });
  }

  private async placementState(items: OrderItem[], products: Product[]): Promise<boolean> {
    const byId = new Map(products.map((p) => [p.id, p]));
    return items.some((i) => byId.get(i.productId)!.delivery !== 'DOWNLOAD');
  }

  /** The job: the transfer did not arrive in time; nothing was delivered or charged. */
  async lapse(manager: EntityManager, orderId: string): Promise<void> {
    await manager.update(Order, { id: orderId, state: OrderState.AWAITING_PAYMENT }, { state: OrderState.PAYMENT_LAPSED });
  }
}
