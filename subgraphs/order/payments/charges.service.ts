import { insertRows } from '../../../kernel/db';
import type { DataSource, EntityManager } from 'typeorm';
import { addBusinessDays, type BusinessCalendar } from '../../../kernel/business-days';
import type { Clock } from '../../../kernel/clock';
import type { Logger } from '../../../kernel/logger';
import type { Outbox } from '../../../kernel/outbox/outbox';
import { Shipment, ShipmentState } from '../fulfilment/shipment.entity';
import { Order, OrderState } from '../orders/order.entity';
import { RELEASE_JOB } from '../orders/order-placement';
import { newPayment, Payment, PaymentOperation, PaymentState } from './payment.entity';
import { freeProcessorLease, takeProcessorLease } from './processor-lease';
import type { PaymentService } from './payment.service';
import type { CaptureResult, ReleaseResult } from './processor';

/**
 * O5, when money moves after placement: each pending charge (downloads the day after, each
 * parcel as it ships) is captured from the authorization, and once nothing is left to charge,
 * what remains of the hold is released 1 to 2 business days later. Each step calls the processor
 * outside any transaction with the payment row's idempotency key (two-phase jobs), then records
 * the answer: a crash in between repeats the same call, which the processor answers the same.
 */
export class ChargesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly payments: PaymentService,
    private readonly clock: Clock,
    private readonly calendar: BusinessCalendar,
    private readonly outbox: Outbox,
    private readonly log: Logger,
  ) {}

  // -- capture ---------------------------------------------------------------------------

  async captureOutside(paymentId: string): Promise<CaptureResult | null> {
    const payment = await this.dataSource.getRepository(Payment).findOneBy({ id: paymentId });
    if (!payment || payment.state !== PaymentState.PENDING) return null;
    // Under the order's lease, re-read: a return may have lowered or cancelled this charge (O12).
    await takeProcessorLease(this.dataSource, this.clock, payment.orderId);
    try {
      const current = await this.dataSource.getRepository(Payment).findOneByOrFail({ id: paymentId });
      if (current.state !== PaymentState.PENDING) {
        await freeProcessorLease(this.dataSource, payment.orderId);
        return null;
      }
      const order = await this.dataSource.getRepository(Order).findOneByOrFail({ id: current.orderId });
      return await this.payments.processor.capture({ idempotencyKey: current.idempotencyKey, authorizationId: order.authorizationId!, amount: current.amountMinor, currency: current.currency });
    } catch (error) {
      await freeProcessorLease(this.dataSource, payment.orderId);
      throw error;
    }
  }

  async captureInside(manager: EntityManager, paymentId: string, result: CaptureResult | null): Promise<void> {
    // No answer: nothing was asked (the lease, if taken, is already free).
    if (!result) return;
    const now = this.clock.now();
    const settled =
      result.outcome === 'CAPTURED'
        ? { state: PaymentState.SUCCEEDED, processorId: result.captureId, settledAt: now }
        : { state: PaymentState.FAILED, failureReason: result.reason, processorCode: result.processorCode, settledAt: now };
    const updated = await manager.update(Payment, { id: paymentId, state: PaymentState.PENDING }, settled);
    const payment = await manager.findOneByOrFail(Payment, { id: paymentId });
    await freeProcessorLease(manager, payment.orderId);
    if (updated.affected !== 1) return;
    if (result.outcome !== 'CAPTURED') {
      this.log.error({ orderId: payment.orderId, paymentId, reason: result.reason, processorCode: result.processorCode }, 'a charge was declined');
    }
    await this.afterCharge(manager, payment.orderId);
  }

  /**
   * After a charge (or a charge cancelled by a return, O12): a downloads-only order is complete once charged; and when no charge is left
   * pending, the rest of the hold is released 1 to 2 business days later (O5).
   */
  async afterCharge(manager: EntityManager, orderId: string): Promise<void> {
    const order = await manager.findOneByOrFail(Order, { id: orderId });
    const payments = await manager.findBy(Payment, { orderId });
    if (order.state === OrderState.SUBMITTED && !(await this.hasParcels(manager, orderId))) {
      await manager.update(Order, { id: orderId, state: OrderState.SUBMITTED }, { state: OrderState.COMPLETED });
    }
    const pendingCharges = payments.some((p) => p.kind === PaymentOperation.CAPTURE && p.state === PaymentState.PENDING);
    const parcelsLeft = await this.parcelsLeft(manager, orderId);
    const releaseScheduled = payments.some((p) => p.kind === PaymentOperation.RELEASE);
    if (!pendingCharges && parcelsLeft === 0 && !releaseScheduled) {
      const release = newPayment(order, PaymentOperation.RELEASE, PaymentState.PENDING, 0, `release:${orderId}`, this.clock.now());
      await insertRows(manager, Payment, release);
      await this.outbox.schedule(manager, { type: RELEASE_JOB, payload: { paymentId: release.id }, dueAt: addBusinessDays(this.clock.now(), 1, this.calendar) });
    }
  }

  private async hasParcels(manager: EntityManager, orderId: string): Promise<boolean> {
    return (await manager.countBy(Shipment, { orderId })) > 0;
  }

  private async parcelsLeft(manager: EntityManager, orderId: string): Promise<number> {
    return manager.countBy(Shipment, { orderId, state: ShipmentState.PENDING });
  }

  // -- release ---------------------------------------------------------------------------

  async releaseOutside(paymentId: string): Promise<ReleaseResult | null> {
    const payment = await this.dataSource.getRepository(Payment).findOneBy({ id: paymentId });
    if (!payment || payment.state !== PaymentState.PENDING) return null;
    await takeProcessorLease(this.dataSource, this.clock, payment.orderId);
    try {
      const order = await this.dataSource.getRepository(Order).findOneByOrFail({ id: payment.orderId });
      return await this.payments.processor.release({ idempotencyKey: payment.idempotencyKey, authorizationId: order.authorizationId! });
    } catch (error) {
      await freeProcessorLease(this.dataSource, payment.orderId);
      throw error;
    }
  }

  async releaseInside(manager: EntityManager, paymentId: string, result: ReleaseResult | null): Promise<void> {
    if (!result) return;
    const payment = await manager.findOneByOrFail(Payment, { id: paymentId });
    await freeProcessorLease(manager, payment.orderId);
    await manager.update(Payment, { id: paymentId, state: PaymentState.PENDING }, { state: PaymentState.SUCCEEDED, amountMinor: result.releasedAmount, settledAt: this.clock.now() });
  }
}
