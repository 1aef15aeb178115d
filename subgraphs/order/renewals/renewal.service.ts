import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { BillingPeriod, termEnd as nextTermEnd } from '../../../kernel/billing-period';
import type { Clock } from '../../../kernel/clock';
import { insertRows } from '../../../kernel/db';
import { ErrorCode } from '../../../kernel/error-codes';
import { notFound, unauthenticated } from '../../../kernel/errors';
import type { Identity } from '../../../kernel/identity';
import type { InternalClient } from '../../../kernel/internal-client';
import type { Logger } from '../../../kernel/logger';
import type { Mail, Mailer } from '../../../kernel/mail';
import type { Outbox } from '../../../kernel/outbox/outbox';
import type { ServiceDeps } from '../../../kernel/subgraph';
import {
  RENEWAL_BASIS_PATH,
  RENEWAL_DECLINED,
  RENEWAL_PAID,
  type RenewalBasis,
  type RenewalDeclined,
  type RenewalPaid,
  type RenewalReminder,
  type RenewalRequested,
} from '../../events';
import type { CheckoutService } from '../checkout/checkout.service';
import type { OrderConfirmation, PaymentDeclined } from '../checkout/checkout.types';
import { paymentDeclined } from '../checkout/checkout.types';
import { CARD_NETWORK_NAMES, checkPayment, PAYMENT_PROBLEM_MESSAGES, type CheckedPayment } from '../payments/card';
import { declineMessage, newErrorNumber, type DeclineReason } from '../payments/declines';
import type { PaymentService } from '../payments/payment.service';
import type { PaymentInput } from '../payments/payment.types';
import { ProcessorUnavailableError, type AuthorizeResult, type PaymentSource } from '../payments/processor';
import { Order, OrderKind } from '../orders/order.entity';
import { newOrderNumber } from '../orders/order-secrets';
import type { OrderPlacement, OrderPlan } from '../orders/order-placement';
import { PaymentKind } from '../orders/payment-method.type';
import type { TaxTables } from '../tax/tax';
import { ChargeKind, ChargeState, RenewalCharge } from './renewal-charge.entity';
import { declinedMail, reminderMail, renewedMail, type RenewalMailFacts } from './renewal.mail';
import { priceRenewal, RENEWAL_LINE, type RenewalPrice } from './renewal-pricing';
import { NextRenewal, renewalError, type RenewalError } from './renewal.types';
import { money } from '../../../kernel/money';

/** Job types of renewals in the order subgraph. */
export const RENEWAL_CHARGE_JOB = 'renewals.charge';
export const RENEWAL_MAIL_JOB = 'renewals.mail';
export const RENEWAL_RECOVER_JOB = 'renewals.recover';

/** A processor code for a renewal that could not even be asked for: no stored payment method, no price. */
const NOT_CHARGEABLE = 'graph/renewal_not_chargeable';
/** How long a renewal by hand may stay pending before recovery settles it with the processor. */
const RECOVERY_AFTER_MS = 2 * 60_000;

/** What the charge job learned from the processor (outside any transaction). */
export type ChargeOutcome = { price: RenewalPrice | null; result: AuthorizeResult } | null;

function paidWithOf(order: Pick<Order, 'paymentKind' | 'cardBrand' | 'cardLast4'>): string {
  if (order.paymentKind === PaymentKind.CARD) return `${order.cardBrand} ending in ${order.cardLast4}`;
  if (order.paymentKind === PaymentKind.PAYPAL) return 'your PayPal account';
  return 'your payment method';
}

/**
 * Renewals in the order subgraph (S3, S5, S7): it knows prices, tax, the buyer's e-mail and
 * the processor's stored payment method, so it prices, charges and mails; the subscription
 * subgraph decides when, and extends the license when told the renewal was paid (X2).
 *
 * An automatic charge is a two-phase job: the processor is called outside any transaction with
 * the charge's idempotency key (license, term, attempt), then the answer is recorded with the
 * renewal order (gapless invoice, capture at once) and the `renewal.paid` or `renewal.declined`
 * event in one transaction. A crash in between repeats the same call, which the processor
 * answers as before: one charge, one order, one event.
 */
export class RenewalService {
  private readonly clock: Clock;
  private readonly outbox: Outbox;
  private readonly log: Logger;
  private readonly internal: InternalClient;

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
    private readonly placement: OrderPlacement,
    private readonly payments: PaymentService,
    private readonly checkout: CheckoutService,
    private readonly mailer: Mailer,
    private readonly tables: TaxTables,
  ) {
    this.clock = deps.clock;
    this.outbox = deps.outbox;
    this.log = deps.log;
    this.internal = deps.internal;
  }

  // ----------------------------------------------------------------------------------------
  // S3: the next renewal and its reminders

  /** `License.nextRenewal`: the date from the subscription subgraph, the amount priced now. */
  async nextRenewal(license: { id: string; orderId: string | null; productId?: string | null; nextRenewalAt?: Date | string | null }): Promise<NextRenewal | null> {
    if (!license.orderId || !license.productId || !license.nextRenewalAt) return null;
    const price = await priceRenewal(this.dataSource.manager, this.tables, license.id, license.orderId, license.productId);
    if ('problem' in price) return null;
    return Object.assign(new NextRenewal(), { at: new Date(license.nextRenewalAt), amount: money(price.quote.totalAmount, price.quote.currency) });
  }

  /** On `renewal.reminder`: the e-mail with the amount and the date goes out by a job written with the event's handling. */
  async remind(manager: EntityManager, reminder: RenewalReminder): Promise<void> {
    const price = await priceRenewal(manager, this.tables, reminder.licenseId, reminder.orderId, reminder.productId);
    if ('problem' in price || !price.source.email) {
      this.log.warn({ licenseId: reminder.licenseId }, 'renewal reminder not sent: no price or no e-mail for the license');
      return;
    }
    await this.mail(manager, reminderMail(this.facts(price, reminder.serialNumber, price.source), new Date(reminder.chargeAt), new Date(reminder.termEnd)));
  }

  // ----------------------------------------------------------------------------------------
  // S3, S7: automatic charges

  /** On `renewal.requested`: one charge per license, term and attempt (a second delivery finds its key). */
  async request(manager: EntityManager, requested: RenewalRequested): Promise<'queued' | 'already'> {
    const termEnd = new Date(requested.termEnd);
    const charge = Object.assign(new RenewalCharge(), {
      id: randomUUID(),
      idempotencyKey: `renewal:${requested.licenseId}:${termEnd.getTime()}:${requested.attempt}`,
      kind: ChargeKind.AUTOMATIC,
      state: ChargeState.PENDING,
      licenseId: requested.licenseId,
      serialNumber: requested.serialNumber,
      productId: requested.productId,
      accountId: requested.accountId,
      originalOrderId: requested.orderId,
      termEnd,
      attempt: requested.attempt,
      retryAt: requested.retryAt ? new Date(requested.retryAt) : null,
      lapsesAt: new Date(requested.lapsesAt),
      orderId: null,
      declineReason: null,
      processorCode: null,
      errorNumber: null,
      createdAt: this.clock.now(),
      settledAt: null,
    });
    if (await manager.existsBy(RenewalCharge, { idempotencyKey: charge.idempotencyKey })) return 'already';
    await insertRows(manager, RenewalCharge, charge);
    await this.outbox.schedule(manager, { type: RENEWAL_CHARGE_JOB, payload: { chargeId: charge.id }, dueAt: this.clock.now() });
    return 'queued';
  }

  /** Phase one of the charge job: the processor, with the stored payment method, outside any transaction. */
  async chargeOutside(chargeId: string): Promise<ChargeOutcome> {
    const charge = await this.dataSource.getRepository(RenewalCharge).findOneBy({ id: chargeId });
    if (!charge || charge.state !== ChargeState.PENDING) return null;
    const price = await priceRenewal(this.dataSource.manager, this.tables, charge.licenseId, charge.originalOrderId, charge.productId);
    if ('problem' in price || !price.source.paymentReference) {
      return { price: 'problem' in price ? null : price, result: { outcome: 'DECLINED', reason: 'DECLINED', processorCode: NOT_CHARGEABLE } };
    }
    // A network failure throws: the job is retried with the same key, and the processor answers as it did (or acts once).
    const result = await this.payments.processor.authorize({
      idempotencyKey: charge.idempotencyKey,
      amount: price.quote.totalAmount,
      currency: price.quote.currency,
      source: { kind: 'STORED', reference: price.source.paymentReference },
      descriptor: this.payments.descriptor,
      storeForReuse: true,
    });
    return { price, result };
  }

  /** Phase two, in the job's transaction: the renewal order and `renewal.paid`, or the decline and `renewal.declined`. */
  async chargeInside(manager: EntityManager, chargeId: string, outcome: ChargeOutcome): Promise<void> {
    if (!outcome) return;
    const charge = await manager.findOneBy(RenewalCharge, { id: chargeId });
    if (!charge || charge.state !== ChargeState.PENDING) return;
    const { price, result } = outcome;
    if (result.outcome === 'APPROVED' && price) {
      const order = await this.writeOrder(manager, charge, price, result.authorizationId, result.storedReference, null);
      const expiresAt = nextTermEnd(charge.termEnd!, (price.product.term ?? BillingPeriod.ANNUAL) as BillingPeriod);
      if (order.email) await this.mail(manager, renewedMail(this.facts(price, charge.serialNumber, order), order.number, expiresAt));
      return;
    }
    const declined = result.outcome === 'DECLINED' ? result : { reason: 'DECLINED' as DeclineReason, processorCode: NOT_CHARGEABLE };
    const errorNumber = newErrorNumber();
    const settled = await manager.update(
      RenewalCharge,
      { id: charge.id, state: ChargeState.PENDING },
      { state: ChargeState.DECLINED, declineReason: declined.reason, processorCode: declined.processorCode, errorNumber, settledAt: this.clock.now() },
    );
    if (settled.affected !== 1) return;
    const event: RenewalDeclined = { licenseId: charge.licenseId, termEnd: charge.termEnd!.toISOString(), attempt: charge.attempt, reason: declined.reason };
    await this.outbox.publish(manager, { type: RENEWAL_DECLINED, aggregateType: 'license', aggregateId: charge.licenseId, payload: event as unknown as Record<string, unknown> });
    this.log.warn({ licenseId: charge.licenseId, attempt: charge.attempt, reason: declined.reason, processorCode: declined.processorCode, errorNumber }, 'renewal charge declined');
    if (price?.source.email) {
      await this.mail(manager, declinedMail(this.facts(price, charge.serialNumber, price.source), declined.reason, errorNumber, charge.retryAt, charge.lapsesAt ?? charge.termEnd!));
    }
  }

  /**
   * The renewal order, in the caller's transaction (O13: its invoice with the gapless number;
   * charged at once), the charge marked paid, and `renewal.paid` for the subscription subgraph.
   */
  private async writeOrder(manager: EntityManager, charge: RenewalCharge, price: RenewalPrice, authorizationId: string, storedReference: string | null, card: CheckedPayment | null): Promise<Order> {
    const { source, quote, product } = price;
    const now = this.clock.now();
    const orderId = randomUUID();
    const paidByCard = card ? card.kind === 'CARD' : source.paymentKind === PaymentKind.CARD;
    const plan: OrderPlan = {
      orderId,
      number: newOrderNumber(),
      kind: OrderKind.RENEWAL,
      accountId: charge.accountId ?? source.accountId,
      email: source.email ?? '',
      passwordHash: null,
      cartIdHash: null,
      placedAt: now,
      quote,
      lines: [{ id: RENEWAL_LINE, product, quantity: 1, autoRenew: storedReference !== null, backupCdForLineId: null, backupCdForOrderItemId: null }],
      billing: source.billingAddressData!,
      shipping: null,
      shippingMethod: null,
      payment: card
        ? {
            kind: card.kind === 'CARD' ? PaymentKind.CARD : PaymentKind.PAYPAL,
            cardBrand: card.kind === 'CARD' ? CARD_NETWORK_NAMES[card.network] : null,
            cardLast4: card.kind === 'CARD' ? card.last4 : null,
            cardExpiryMonth: card.kind === 'CARD' ? card.expiryMonth : null,
            cardExpiryYear: card.kind === 'CARD' ? card.expiryYear : null,
            cardLast5Digest: card.kind === 'CARD' ? this.payments.cardLast5Digest(card.last5) : null,
            authorizationId,
            paymentReference: storedReference,
          }
        : {
            kind: source.paymentKind,
            cardBrand: paidByCard ? source.cardBrand : null,
            cardLast4: paidByCard ? source.cardLast4 : null,
            cardExpiryMonth: paidByCard ? source.cardExpiryMonth : null,
            cardExpiryYear: paidByCard ? source.cardExpiryYear : null,
            cardLast5Digest: paidByCard ? source.cardLast5Digest : null,
            authorizationId,
            paymentReference: storedReference,
          },
      descriptor: this.payments.descriptor,
      paymentDueBy: null,
    };
    const { order } = await this.placement.write(manager, plan);
    await manager.update(RenewalCharge, { id: charge.id }, { state: ChargeState.PAID, orderId: order.id, settledAt: now });
    const paid: RenewalPaid = { licenseId: charge.licenseId, orderId: order.id, termEnd: charge.termEnd?.toISOString() ?? null, paidAt: now.toISOString() };
    await this.outbox.publish(manager, { type: RENEWAL_PAID, aggregateType: 'license', aggregateId: charge.licenseId, payload: paid as unknown as Record<string, unknown> });
    return order;
  }

  // ----------------------------------------------------------------------------------------
  // S5: renewing by hand

  /**
   * `renewSubscription`: a new order with the new card that extends the same license (once
   * paid, through `renewal.paid`). With the plan on, the card is kept for reuse and later
   * renewals use it. Someone else's license is NOT_FOUND, as one that does not exist; a
   * partner's, a revoked or a perpetual one, a bad card and a declined one are typed results,
   * and the license is unchanged.
   */
  async renewByHand(identity: Identity, licenseId: string, input: PaymentInput, requestId?: string): Promise<OrderConfirmation | PaymentDeclined | RenewalError> {
    if (!identity.accountId) throw unauthenticated('Sign in to renew your subscription.');
    const { license } = await this.internal.post<{ license: RenewalBasis | null }>('subscription', RENEWAL_BASIS_PATH, { licenseId }, requestId);
    if (!license || license.accountId !== identity.accountId) throw notFound('No license with this id belongs to your account.');
    if (license.partner) return renewalError(ErrorCode.LICENSE_FROM_PARTNER, 'This license was bought from a retail partner or an internet service provider: please renew it there.');
    if (license.revoked) return renewalError(ErrorCode.LICENSE_REVOKED, 'This license was revoked and cannot be renewed. Please buy the product again.');
    if (!license.billingPeriod || !license.orderId) return renewalError(ErrorCode.LICENSE_NOT_RENEWABLE, 'This license never expires: there is nothing to renew.');
    const checked = checkPayment(input, this.clock.now());
    if (!checked.ok) return renewalError(ErrorCode[checked.problem as keyof typeof ErrorCode], checked.message ?? PAYMENT_PROBLEM_MESSAGES[checked.problem]);
    const method = checked.method;
    if (method.kind === 'WIRE_TRANSFER') return renewalError(ErrorCode.WIRE_TRANSFER_NOT_ALLOWED, 'A subscription is renewed by card or PayPal, not by wire transfer.');
    const price = await priceRenewal(this.dataSource.manager, this.tables, license.licenseId, license.orderId, license.productId);
    if ('problem' in price) return renewalError(price.problem, price.message);

    const now = this.clock.now();
    const charge = Object.assign(new RenewalCharge(), {
      id: randomUUID(),
      kind: ChargeKind.MANUAL,
      state: ChargeState.PENDING,
      licenseId: license.licenseId,
      serialNumber: license.serialNumber,
      productId: license.productId,
      accountId: license.accountId,
      originalOrderId: license.orderId,
      termEnd: null,
      attempt: 1,
      retryAt: null,
      lapsesAt: null,
      orderId: null,
      declineReason: null,
      processorCode: null,
      errorNumber: null,
      createdAt: now,
      settledAt: null,
    });
    charge.idempotencyKey = `renewal:manual:${charge.id}`;
    await this.dataSource.transaction(async (manager) => {
      await insertRows(manager, RenewalCharge, charge);
      await this.outbox.schedule(manager, { type: RENEWAL_RECOVER_JOB, payload: { chargeId: charge.id }, dueAt: new Date(now.getTime() + RECOVERY_AFTER_MS) });
    });

    const source: PaymentSource = method.kind === 'CARD' ? { kind: 'CARD', card: method.card, billing: price.source.billingAddressData! } : { kind: 'PAYPAL', payerEmail: method.payerEmail };
    let result: AuthorizeResult;
    try {
      result = await this.payments.processor.authorize({ idempotencyKey: charge.idempotencyKey, amount: price.quote.totalAmount, currency: price.quote.currency, source, descriptor: this.payments.descriptor, storeForReuse: license.autoRenew });
    } catch (error) {
      if (!(error instanceof ProcessorUnavailableError)) throw error;
      this.log.warn({ chargeId: charge.id, err: error.message }, 'payment processor did not answer a renewal by hand');
      result = { outcome: 'DECLINED', reason: 'PROCESSING_ERROR', processorCode: 'graph/processor_unanswered' };
    }
    if (result.outcome === 'DECLINED') {
      const errorNumber = newErrorNumber();
      await this.dataSource.getRepository(RenewalCharge).update(
        { id: charge.id, state: ChargeState.PENDING },
        { state: ChargeState.DECLINED, declineReason: result.reason, processorCode: result.processorCode, errorNumber, settledAt: this.clock.now() },
      );
      return paymentDeclined(result.reason, declineMessage(result.reason, errorNumber), errorNumber);
    }
    const approved = result;
    const order = await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOneBy(RenewalCharge, { id: charge.id });
      if (current?.state !== ChargeState.PENDING) return null;
      const written = await this.writeOrder(manager, charge, price, approved.authorizationId, approved.storedReference, method);
      const from = license.expiresAt && Date.parse(license.expiresAt) > now.getTime() ? new Date(license.expiresAt) : now;
      if (written.email) await this.mail(manager, renewedMail(this.facts(price, license.serialNumber, written), written.number, nextTermEnd(from, license.billingPeriod as BillingPeriod)));
      return written;
    });
    if (!order) {
      // Recovery settled the charge first (this request outlived its timeout): give the hold back.
      await this.payments.processor.release({ idempotencyKey: `release:${charge.idempotencyKey}`, authorizationId: approved.authorizationId });
      return renewalError(ErrorCode.ORDER_IN_PROGRESS, 'Your renewal could not be completed. Nothing was charged; please try again.');
    }
    return this.checkout.confirmation(order, null);
  }

  /** Recovery of a renewal by hand whose request never finished: a hold without an order is released. */
  async recoverOutside(chargeId: string): Promise<{ release: boolean }> {
    const charge = await this.dataSource.getRepository(RenewalCharge).findOneBy({ id: chargeId });
    if (!charge || charge.state !== ChargeState.PENDING) return { release: false };
    const call = await this.payments.processor.lookup(charge.idempotencyKey);
    if (call?.operation === 'AUTHORIZE' && call.result.outcome === 'APPROVED') {
      await this.payments.processor.release({ idempotencyKey: `release:${charge.idempotencyKey}`, authorizationId: call.result.authorizationId });
      return { release: true };
    }
    return { release: false };
  }

  async recoverInside(manager: EntityManager, chargeId: string, outcome: { release: boolean }): Promise<void> {
    const updated = await manager.update(RenewalCharge, { id: chargeId, state: ChargeState.PENDING }, { state: ChargeState.ABANDONED, settledAt: this.clock.now() });
    if (updated.affected === 1 && outcome.release) this.log.warn({ chargeId }, 'a renewal hold without an order was released');
  }

  // ----------------------------------------------------------------------------------------
  // E-mail

  private facts(price: RenewalPrice, serialNumber: string, paidBy: Pick<Order, 'email' | 'paymentKind' | 'cardBrand' | 'cardLast4'>): RenewalMailFacts {
    return { to: paidBy.email ?? price.source.email!, productName: price.product.name, serialNumber, amountMinor: price.quote.totalAmount, currency: price.quote.currency, paidWith: paidWithOf(paidBy) };
  }

  /** Mail goes out from a job written in the business transaction: sent once that commits, retried if the server is down. */
  private async mail(manager: EntityManager, mail: Mail): Promise<void> {
    await this.outbox.schedule(manager, { type: RENEWAL_MAIL_JOB, payload: { ...mail }, dueAt: this.clock.now() });
  }

  async send(mail: Mail): Promise<void> {
    await this.mailer.send(mail);
  }
}
