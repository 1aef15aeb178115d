import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { addBusinessDays } from '../../../kernel/business-days';
import type { Clock } from '../../../kernel/clock';
import { ErrorCode } from '../../../kernel/error-codes';
import { requireCaller, type Identity } from '../../../kernel/identity';
import type { Mailer } from '../../../kernel/mail';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { REFUND_INITIATED, type RefundInitiated } from '../../events';
import { Shipment, ShipmentState } from '../fulfilment/shipment.entity';
import { OrderItem } from '../orders/order-item.entity';
import { mayActOnOrder } from '../orders/order-privacy';
import { Order, OrderState } from '../orders/order.entity';
import { returnableUntil } from '../orders/return-window';
import type { ChargesService } from '../payments/charges.service';
import { newPayment, Payment, PaymentOperation, PaymentState } from '../payments/payment.entity';
import type { PaymentService } from '../payments/payment.service';
import { freeProcessorLease, takeProcessorLease } from '../payments/processor-lease';
import type { RefundResult, ReleaseResult } from '../payments/processor';
import { refundMail } from './refund.mail';
import { Refund, RefundItem, RefundKind, RefundState } from './refund.entity';
import { canMove, countsAsReturned, initialState, orderStateAfterReturns, planReturn, type ReturnedUnits } from './refund-rules';
import { returnError, type ReturnError, type ReturnInput } from './returns.types';

/** Job type: a refund reaches the customer on its expected credit date (O12). */
export const REFUND_CREDIT_JOB = 'refund.mark-credited';
/** Job type: sends the refund to the processor, if the request's own attempt did not finish. */
export const REFUND_PROCESS_JOB = 'refund.process';
/** Job type: tells the customer a refund changed state (O12). */
export const REFUND_MAIL_JOB = 'refund.mail';

/** O12: credited within 5 to 7 business days of initiation; the graph shows the later bound. */
export const CREDIT_BUSINESS_DAYS = 7;
/** The processing job waits this long for the request's own attempt before it steps in. */
const PROCESS_RECOVERY_MS = 60_000;

/** What the processor answered for each intent row of a refund, carried from `prepare` to `apply`. */
export interface ProcessorAnswers {
  /** Whether this step holds the order's processor lease (to free with the answers). */
  leased: boolean;
  answers: Array<{ paymentId: string; release?: ReleaseResult; refund?: RefundResult }>;
}

/**
 * Owns returns and the lifecycle of refunds (O12), and the tax refunds of O6.
 *
 * Money moves in two phases, as charges do (payments/charges.service.ts): the rows that say
 * what will be asked of the processor — a VOID of what is still only held, a REFUND from each
 * charge — are written first, with idempotency keys, under the order's processor lease; the
 * processor is called outside any transaction; its answers are recorded with the refund's new
 * state in one transaction that also writes the `refund.initiated` event, the credit job and the
 * customer's e-mail job. A crash anywhere leaves rows and a job that repeat the same calls.
 */
export class RefundService {
  private readonly clock: Clock;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deps: ServiceDeps,
    private readonly payments: PaymentService,
    private readonly charges: ChargesService,
    private readonly mailer: Mailer,
  ) {
    this.clock = deps.clock;
  }

  // -- asking for a return ---------------------------------------------------------------

  /** "Request a Return" (O12). Typed errors change nothing. */
  async requestReturn(identity: Identity, input: ReturnInput): Promise<Refund | ReturnError> {
    requireCaller(identity);
    const outcome = await this.dataSource.transaction(async (manager) => {
      // The order row is locked: two returns at once cannot both take the same units.
      const order = await lockForUpdate(this.dataSource, manager.getRepository(Order).createQueryBuilder('o').where('o.id = :id', { id: input.orderId })).getOne();
      if (!order || !mayActOnOrder(identity, order)) return returnError(ErrorCode.ORDER_NOT_FOUND, 'We could not find that order.');
      if (order.state === OrderState.AWAITING_PAYMENT || order.state === OrderState.PAYMENT_LAPSED) {
        return returnError(ErrorCode.ORDER_NOT_PAID, 'This order was never paid, so there is nothing to refund.');
      }
      if (this.clock.now().getTime() > returnableUntil(order.placedAt).getTime()) {
        return returnError(ErrorCode.RETURN_WINDOW_CLOSED, `Returns are possible for 30 days after purchase; this order could be returned until ${returnableUntil(order.placedAt).toISOString().slice(0, 10)}.`);
      }
      const items = await manager.find(OrderItem, { where: { orderId: order.id }, order: { position: 'ASC' } });
      const returned = await this.returnedUnits(manager, order.id);
      const plan = planReturn({ totalAmount: order.totalAmount, shippingTaxAmount: order.shippingTaxAmount, items }, returned, input.items);
      if ('problem' in plan) {
        switch (plan.problem) {
          case 'UNKNOWN_ITEM':
            return returnError(ErrorCode.ORDER_ITEM_NOT_FOUND, 'That item is not part of this order.', plan.orderItemId);
          case 'INVALID_QUANTITY':
            return returnError(ErrorCode.RETURN_QUANTITY_INVALID, 'Say how many units to return: at least 1.', plan.orderItemId);
          case 'MORE_THAN_BOUGHT':
            return returnError(ErrorCode.RETURN_MORE_THAN_BOUGHT, `Only ${plan.left} of this item can still be returned.`, plan.orderItemId, plan.left);
          case 'NOTHING_LEFT':
            return returnError(ErrorCode.NOTHING_TO_RETURN, 'Everything in this order has already been returned.');
        }
      }
      const now = this.clock.now();
      const refund = Object.assign(new Refund(), {
        id: randomUUID(),
        orderId: order.id,
        kind: RefundKind.RETURN,
        state: initialState(plan),
        currency: order.currency,
        amountMinor: plan.amount,
        taxMinor: plan.tax,
        shippingMinor: plan.shipping,
        reason: input.reason?.trim() || null,
        requestedAt: now,
        letterOfDestructionAcceptedAt: null,
        initiatedAt: null,
        expectedCreditBy: null,
        creditedAt: null,
        failureReason: null,
      });
      await manager.insert(Refund, refund);
      await manager.insert(
        RefundItem,
        plan.items.map((p) =>
          Object.assign(new RefundItem(), { id: randomUUID(), refundId: refund.id, orderItemId: p.orderItemId, quantity: p.quantity, units: p.units, currency: order.currency, amountMinor: p.amount, taxMinor: p.tax }),
        ),
      );
      await this.updateOrderState(manager, order);
      await this.stateChanged(manager, refund);
      if (refund.state === RefundState.REQUESTED) await this.scheduleProcessing(manager, refund.id);
      return refund;
    });
    if (outcome instanceof Refund && outcome.state === RefundState.REQUESTED) return this.processNow(outcome.id);
    return outcome;
  }

  /** O12: the customer accepts the Electronic Letter of Destruction; the refund starts. */
  async acceptLetterOfDestruction(identity: Identity, refundId: string): Promise<Refund | ReturnError> {
    requireCaller(identity);
    const notFound = () => returnError(ErrorCode.REFUND_NOT_FOUND, 'We could not find that refund.');
    const outcome = await this.dataSource.transaction(async (manager) => {
      const refund = await lockForUpdate(this.dataSource, manager.getRepository(Refund).createQueryBuilder('r').where('r.id = :id', { id: refundId })).getOne();
      if (!refund) return notFound();
      const order = await manager.findOneBy(Order, { id: refund.orderId });
      if (!order || !mayActOnOrder(identity, order)) return notFound();
      if (!canMove(refund.state, RefundState.REQUESTED)) {
        return returnError(ErrorCode.LETTER_OF_DESTRUCTION_NOT_AWAITED, 'This refund is not waiting for the Electronic Letter of Destruction.');
      }
      const now = this.clock.now();
      await manager.update(Refund, { id: refund.id, state: RefundState.AWAITING_LETTER_OF_DESTRUCTION }, { state: RefundState.REQUESTED, letterOfDestructionAcceptedAt: now });
      Object.assign(refund, { state: RefundState.REQUESTED, letterOfDestructionAcceptedAt: now });
      await this.stateChanged(manager, refund);
      await this.scheduleProcessing(manager, refund.id);
      return refund;
    });
    if (outcome instanceof Refund) return this.processNow(outcome.id);
    return outcome;
  }

  /**
   * O6: the tax of an order paid back through the same path as a return, in the transaction of
   * support's approval. The caller runs `processNow` once it has committed.
   */
  async startTaxRefund(manager: EntityManager, order: Order, amount: number): Promise<Refund> {
    const refund = Object.assign(new Refund(), {
      id: randomUUID(),
      orderId: order.id,
      kind: RefundKind.TAX_EXEMPTION,
      state: RefundState.REQUESTED,
      currency: order.currency,
      amountMinor: amount,
      taxMinor: amount,
      shippingMinor: 0,
      reason: null,
      requestedAt: this.clock.now(),
      letterOfDestructionAcceptedAt: null,
      initiatedAt: null,
      expectedCreditBy: null,
      creditedAt: null,
      failureReason: null,
    });
    await manager.insert(Refund, refund);
    await this.stateChanged(manager, refund);
    await this.scheduleProcessing(manager, refund.id);
    return refund;
  }

  /** Tax already paid back (by returns and tax refunds that did not fail), per order. */
  async taxRefunded(manager: EntityManager, orderId: string): Promise<number> {
    const refunds = await manager.findBy(Refund, { orderId });
    return refunds.filter((r) => countsAsReturned(r.state)).reduce((sum, r) => sum + r.taxMinor, 0);
  }

  /** Units of each item of an order taken back by returns that did not fail. */
  private async returnedUnits(manager: EntityManager, orderId: string): Promise<ReturnedUnits> {
    const refunds = (await manager.findBy(Refund, { orderId, kind: RefundKind.RETURN })).filter((r) => countsAsReturned(r.state));
    const result = new Map<string, number[]>();
    if (refunds.length === 0) return result;
    for (const item of await manager.findBy(RefundItem, { refundId: In(refunds.map((r) => r.id)) })) {
      result.set(item.orderItemId, [...(result.get(item.orderItemId) ?? []), ...item.units]);
    }
    return result;
  }

  /** O12, item 10 of the order page: the order's state follows its returns. */
  private async updateOrderState(manager: EntityManager, order: Order): Promise<void> {
    const refunds = await manager.findBy(Refund, { orderId: order.id });
    const items = await manager.findBy(OrderItem, { orderId: order.id });
    const returned = await this.returnedUnits(manager, order.id);
    const everything = items.every((i) => (returned.get(i.id)?.length ?? 0) >= i.quantity);
    const returnStates = [OrderState.PARTIALLY_RETURNED, OrderState.RETURNED, OrderState.PARTIALLY_REFUNDED, OrderState.REFUNDED];
    // A return whose refund failed no longer counts: the order reads as fulfilment left it.
    const current = returnStates.includes(order.state) ? await this.fulfilmentState(manager, order.id) : order.state;
    const next = orderStateAfterReturns(current, refunds, everything);
    if (next !== order.state) await manager.update(Order, { id: order.id }, { state: next });
  }

  /** Where fulfilment alone would have the order (O5, O7, O11). */
  private async fulfilmentState(manager: EntityManager, orderId: string): Promise<OrderState> {
    const parcels = await manager.findBy(Shipment, { orderId });
    if (parcels.length > 0) return parcels.some((p) => p.state === ShipmentState.PENDING) ? OrderState.IN_FULFILMENT : OrderState.SHIPPED;
    const pending = await manager.countBy(Payment, { orderId, kind: PaymentOperation.CAPTURE, state: PaymentState.PENDING });
    return pending > 0 ? OrderState.SUBMITTED : OrderState.COMPLETED;
  }

  // -- sending the money back ------------------------------------------------------------

  private scheduleProcessing(manager: EntityManager, refundId: string): Promise<string> {
    return this.deps.outbox.schedule(manager, { type: REFUND_PROCESS_JOB, payload: { refundId }, dueAt: new Date(this.clock.now().getTime() + PROCESS_RECOVERY_MS) });
  }

  /**
   * The request's own attempt to initiate the refund at once (O12: a download's refund starts
   * when it is requested). If the processor is away or another step holds the order, the refund
   * stays REQUESTED and the processing job finishes it.
   */
  async processNow(refundId: string): Promise<Refund> {
    try {
      const answers = await this.prepareProcessing(refundId);
      await this.dataSource.transaction((manager) => this.applyProcessing(manager, refundId, answers));
    } catch (error) {
      this.deps.log.warn({ refundId, err: error }, 'refund not initiated yet; its job will retry');
    }
    return this.dataSource.getRepository(Refund).findOneByOrFail({ id: refundId });
  }

  /** Phase one, outside any transaction: intent rows, then the processor calls. */
  async prepareProcessing(refundId: string): Promise<ProcessorAnswers | null> {
    const refund = await this.dataSource.getRepository(Refund).findOneBy({ id: refundId });
    if (!refund || refund.state !== RefundState.REQUESTED) return null;
    const order = await this.dataSource.getRepository(Order).findOneByOrFail({ id: refund.orderId });
    if (!order.authorizationId) return { leased: false, answers: [] };
    await takeProcessorLease(this.dataSource, this.clock, order.id);
    try {
      await this.dataSource.transaction((manager) => this.planMoney(manager, refund, order));
      const rows = await this.dataSource.getRepository(Payment).find({ where: { refundId, state: PaymentState.PENDING }, order: { createdAt: 'ASC', id: 'ASC' } });
      const answers: ProcessorAnswers['answers'] = [];
      for (const row of rows) {
        if (row.kind === PaymentOperation.VOID) {
          answers.push({ paymentId: row.id, release: await this.payments.processor.release({ idempotencyKey: row.idempotencyKey, authorizationId: order.authorizationId, amount: row.amountMinor }) });
        } else {
          const capture = await this.dataSource.getRepository(Payment).findOneByOrFail({ id: row.capturePaymentId! });
          answers.push({ paymentId: row.id, refund: await this.payments.processor.refund({ idempotencyKey: row.idempotencyKey, captureId: capture.processorId!, amount: row.amountMinor, currency: row.currency }) });
        }
      }
      return { leased: true, answers };
    } catch (error) {
      await freeProcessorLease(this.dataSource, order.id);
      throw error;
    }
  }

  /**
   * Decides, once per refund and under the order's lease (no other step is talking to the
   * processor about this order), where its money comes from: first what is still only held —
   * charges not yet made are lowered or cancelled and that much of the hold is voided — then
   * refunds from the charges made, oldest first, each up to what it has left.
   */
  private async planMoney(manager: EntityManager, refund: Refund, order: Order): Promise<void> {
    if ((await manager.countBy(Payment, { refundId: refund.id })) > 0) return;
    const now = this.clock.now();
    let remaining = refund.amountMinor;
    let voided = 0;
    let cancelledCharge = false;

    // Charges not made yet: a pending capture, or a parcel that has not shipped (its charge is made when it ships).
    const pendingCaptures = await manager.find(Payment, { where: { orderId: order.id, kind: PaymentOperation.CAPTURE, state: PaymentState.PENDING }, order: { createdAt: 'ASC', id: 'ASC' } });
    for (const capture of pendingCaptures) {
      const take = Math.min(remaining, capture.amountMinor);
      if (take === 0) continue;
      const left = capture.amountMinor - take;
      await manager.update(Payment, { id: capture.id, state: PaymentState.PENDING }, left === 0 ? { amountMinor: 0, state: PaymentState.CANCELLED, settledAt: now } : { amountMinor: left });
      cancelledCharge ||= left === 0;
      remaining -= take;
      voided += take;
    }
    const parcels = await manager.find(Shipment, { where: { orderId: order.id, state: ShipmentState.PENDING }, order: { shipBy: 'ASC', id: 'ASC' } });
    for (const parcel of parcels) {
      const take = Math.min(remaining, parcel.chargeAmount);
      if (take === 0) continue;
      const lowered = await manager.update(Shipment, { id: parcel.id, state: ShipmentState.PENDING, chargeAmount: parcel.chargeAmount }, { chargeAmount: parcel.chargeAmount - take });
      if (lowered.affected !== 1) continue;
      remaining -= take;
      voided += take;
    }
    if (voided > 0) {
      await manager.insert(Payment, newPayment(order, PaymentOperation.VOID, PaymentState.PENDING, voided, `refund:${refund.id}:void`, now, { refundId: refund.id }));
    }

    // Charges made: refund from each, up to what it has not refunded yet.
    const captures = await manager.find(Payment, { where: { orderId: order.id, kind: PaymentOperation.CAPTURE, state: PaymentState.SUCCEEDED }, order: { createdAt: 'ASC', id: 'ASC' } });
    const refunded = await manager.find(Payment, { where: { orderId: order.id, kind: PaymentOperation.REFUND } });
    for (const capture of captures) {
      if (remaining === 0) break;
      const used = refunded.filter((r) => r.capturePaymentId === capture.id && r.state !== PaymentState.FAILED).reduce((sum, r) => sum + r.amountMinor, 0);
      const take = Math.min(remaining, capture.amountMinor - used);
      if (take <= 0) continue;
      await manager.insert(Payment, newPayment(order, PaymentOperation.REFUND, PaymentState.PENDING, take, `refund:${refund.id}:${capture.id}`, now, { refundId: refund.id, capturePaymentId: capture.id }));
      remaining -= take;
    }
    // Not found anywhere: a charge or a parcel is being recorded right now. Nothing is written; the job tries again.
    if (remaining > 0) throw new Error(`refund ${refund.id}: ${remaining} of ${refund.amountMinor} not yet found among the order's charges`);
    if (cancelledCharge) await this.charges.afterCharge(manager, order.id);
  }

  /** Phase two, in one transaction: the processor's answers, the refund's new state and what follows. */
  async applyProcessing(manager: EntityManager, refundId: string, prepared: ProcessorAnswers | null): Promise<void> {
    if (!prepared) return;
    const refund = await manager.findOneByOrFail(Refund, { id: refundId });
    const now = this.clock.now();
    let failure: string | null = null;
    for (const answer of prepared.answers) {
      if (answer.release) {
        // Under the lease the hold has at least this much left; record what the processor says it freed.
        await manager.update(Payment, { id: answer.paymentId, state: PaymentState.PENDING }, { state: PaymentState.SUCCEEDED, amountMinor: answer.release.releasedAmount, settledAt: now });
      } else if (answer.refund?.outcome === 'REFUNDED') {
        await manager.update(Payment, { id: answer.paymentId, state: PaymentState.PENDING }, { state: PaymentState.SUCCEEDED, processorId: answer.refund.refundId, settledAt: now });
      } else if (answer.refund) {
        failure = `${answer.refund.reason} (${answer.refund.processorCode})`;
        await manager.update(Payment, { id: answer.paymentId, state: PaymentState.PENDING }, { state: PaymentState.FAILED, failureReason: answer.refund.reason, processorCode: answer.refund.processorCode, settledAt: now });
      }
    }
    if (prepared.leased) await freeProcessorLease(manager, refund.orderId);
    if (refund.state !== RefundState.REQUESTED) return;
    const order = await manager.findOneByOrFail(Order, { id: refund.orderId });
    if (failure) {
      await manager.update(Refund, { id: refund.id, state: RefundState.REQUESTED }, { state: RefundState.FAILED, failureReason: failure.slice(0, 140) });
      this.deps.log.error({ refundId, orderId: order.id, failure }, 'the processor refused a refund');
      Object.assign(refund, { state: RefundState.FAILED });
      await this.updateOrderState(manager, order);
      await this.stateChanged(manager, refund);
      return;
    }
    const expectedCreditBy = addBusinessDays(now, CREDIT_BUSINESS_DAYS, this.deps.calendar);
    const moved = await manager.update(Refund, { id: refund.id, state: RefundState.REQUESTED }, { state: RefundState.INITIATED, initiatedAt: now, expectedCreditBy });
    if (moved.affected !== 1) return;
    Object.assign(refund, { state: RefundState.INITIATED, initiatedAt: now, expectedCreditBy });
    await this.scheduleCredit(manager, refund);
    await this.stateChanged(manager, refund);
    const items = await manager.findBy(RefundItem, { refundId });
    if (items.length > 0) {
      // X2, S6: the subscription subgraph revokes the returned units' licenses and turns off a refunded renewal.
      const event: RefundInitiated = {
        refundId,
        orderId: order.id,
        orderNumber: order.number,
        initiatedAt: now.toISOString(),
        items: items.map((i) => ({ orderItemId: i.orderItemId, units: [...i.units].sort((a, b) => a - b) })),
      };
      await this.deps.outbox.publish(manager, { type: REFUND_INITIATED, aggregateType: 'order', aggregateId: order.id, payload: event as unknown as Record<string, unknown> });
    }
  }

  // -- credited --------------------------------------------------------------------------

  /**
   * Schedules the step that marks an initiated refund credited at its expected date, in the
   * transaction that initiates it (so the step exists exactly when the refund does).
   */
  scheduleCredit(manager: EntityManager, refund: Pick<Refund, 'id' | 'expectedCreditBy'>): Promise<string> {
    if (!refund.expectedCreditBy) throw new Error(`refund ${refund.id} has no expected credit date`);
    return this.deps.outbox.schedule(manager, { type: REFUND_CREDIT_JOB, payload: { refundId: refund.id }, dueAt: refund.expectedCreditBy });
  }

  /** The job: an INITIATED refund becomes CREDITED; any other state is left alone (idempotent). */
  async markCredited(manager: EntityManager, refundId: string): Promise<void> {
    const moved = await manager.update(Refund, { id: refundId, state: RefundState.INITIATED }, { state: RefundState.CREDITED, creditedAt: this.clock.now() });
    if (moved.affected !== 1) return;
    const refund = await manager.findOneByOrFail(Refund, { id: refundId });
    const order = await manager.findOneBy(Order, { id: refund.orderId });
    if (order) await this.updateOrderState(manager, order);
    await this.stateChanged(manager, refund);
  }

  // -- telling the customer --------------------------------------------------------------

  /** Each state change e-mails the customer (O12), from a job written with the change. */
  private async stateChanged(manager: EntityManager, refund: Pick<Refund, 'id' | 'state'>): Promise<void> {
    await this.deps.outbox.schedule(manager, { type: REFUND_MAIL_JOB, payload: { refundId: refund.id, state: refund.state }, dueAt: this.clock.now() });
  }

  /** The mail job's first phase: sends the message (outside any transaction; a retry may send it again). */
  async sendStateMail(refundId: string, state: RefundState): Promise<void> {
    const refund = await this.dataSource.getRepository(Refund).findOneBy({ id: refundId });
    if (!refund) return;
    const order = await this.dataSource.getRepository(Order).findOneByOrFail({ id: refund.orderId });
    if (!order.email) return;
    await this.mailer.send(refundMail(order, refund, state));
  }
}
