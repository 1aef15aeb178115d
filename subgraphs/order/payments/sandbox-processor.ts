import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { isDuplicateKey } from '../../../kernel/db';
import type { Logger } from '../../../kernel/logger';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import { cardExpired, checkCardNumber, cvcLength, type CardNetwork } from './card';
import type { DeclineReason } from './declines';
import {
  IDEMPOTENCY_KEY,
  ProcessorRequestError,
  ProcessorUnavailableError,
  type AuthorizeRequest,
  type AuthorizeResult,
  type CaptureRequest,
  type CaptureResult,
  type Declined,
  type PaymentProcessor,
  type PaymentSource,
  type ProcessorCall,
  type ProcessorOperation,
  type RefundRequest,
  type RefundResult,
  type ReleaseRequest,
  type ReleaseResult,
} from './processor';
import { checkStatementDescriptor } from './statement-descriptor';
import {
  SandboxAuthorization,
  SandboxCapture,
  SandboxPaymentMethod,
  SandboxProcessorCall,
  type SandboxBehaviour,
} from './sandbox-processor.entity';

/**
 * The built-in payment processor of development and tests, after Stripe's test mode: it keeps
 * its own records (sandbox-processor.entity.ts) in its own transactions, as the other system it
 * stands for would, and answers by test card number (README, "Payments (O3–O5)"). Its decline
 * codes look like a real processor's, so logs and support tools meet realistic values.
 */

/** The processor's own codes, after Stripe's `card_declined` decline codes. */
export const SANDBOX_CODES = {
  genericDecline: 'card_declined/generic_decline',
  expiredCard: 'card_declined/expired_card',
  insufficientFunds: 'card_declined/insufficient_funds',
  velocityExceeded: 'card_declined/card_velocity_exceeded',
  processingError: 'card_declined/processing_error',
  incorrectAddress: 'card_declined/incorrect_address',
  incorrectNumber: 'card_declined/incorrect_number',
  incorrectCvc: 'card_declined/incorrect_cvc',
  paypalDeclined: 'paypal/instrument_declined',
  refundFailed: 'refund_failed/expired_or_canceled_card',
} as const;

export interface SandboxTestCard {
  network: CardNetwork;
  /** Declined at authorization with this reason and code. */
  decline?: { reason: DeclineReason; processorCode: string };
  /** What it does once approved (default: approve every later call). */
  behaviour?: SandboxBehaviour;
  /** For README and test names. */
  description: string;
}

/**
 * The documented test cards. Any other Luhn-valid number of an accepted network is approved,
 * like the approving cards here.
 */
export const SANDBOX_TEST_CARDS: Readonly<Record<string, SandboxTestCard>> = {
  '4242424242424242': { network: 'VISA', description: 'Visa: approved' },
  '5555555555554444': { network: 'MASTERCARD', description: 'MasterCard: approved' },
  '5105105105105100': { network: 'MASTERCARD', description: 'MasterCard: approved' },
  '6011111111111117': { network: 'DISCOVER', description: 'Discover: approved' },
  '378282246310005': { network: 'AMERICAN_EXPRESS', description: 'American Express: approved' },
  '30569309025904': { network: 'DINERS_CLUB', description: 'Diners Club: approved' },
  '3530111333300000': { network: 'JCB', description: 'JCB: approved' },
  '4000000000000002': { network: 'VISA', decline: { reason: 'DECLINED', processorCode: SANDBOX_CODES.genericDecline }, description: 'declined without a reason' },
  '4000000000000069': { network: 'VISA', decline: { reason: 'EXPIRED_CARD', processorCode: SANDBOX_CODES.expiredCard }, description: 'declined: expired card' },
  '4000000000009995': { network: 'VISA', decline: { reason: 'CREDIT_LIMIT_REACHED', processorCode: SANDBOX_CODES.insufficientFunds }, description: 'declined: credit limit reached' },
  '4000000000006975': { network: 'VISA', decline: { reason: 'DAILY_LIMIT_EXCEEDED', processorCode: SANDBOX_CODES.velocityExceeded }, description: 'declined: daily charge limit exceeded' },
  '4000000000000119': { network: 'VISA', decline: { reason: 'PROCESSING_ERROR', processorCode: SANDBOX_CODES.processingError }, description: 'declined: processing error' },
  '4000000000000010': {
    network: 'VISA',
    decline: { reason: 'ADDRESS_MISMATCH', processorCode: SANDBOX_CODES.incorrectAddress },
    description: "declined: the billing address does not match the card's (address check)",
  },
  '4000000000000341': {
    network: 'VISA',
    behaviour: 'DECLINE_LATER',
    description: 'approved at checkout; every later charge (capture, or authorization with its stored reference) is declined',
  },
  '4000000000005126': { network: 'VISA', behaviour: 'REFUND_FAILS', description: 'approved and captured; refunds fail' },
};

/** The documented PayPal payers; any other payer is approved. */
export const SANDBOX_PAYPAL = {
  approves: 'buyer@paypal.example',
  declines: 'declined@paypal.example',
} as const;

/** The largest amount a sandbox column holds (32-bit, like every amount of the store). */
const MAX_AMOUNT = 2_147_483_647;
const CURRENCY = /^[A-Z]{3}$/;

type Failure = 'before-processing' | 'after-processing';

type Judgement =
  | { declined: Declined }
  | { declined?: undefined; behaviour: SandboxBehaviour; network: string | null; last4: string | null; paymentMethod: SandboxPaymentMethod | null };

function decline(reason: DeclineReason, processorCode: string): Declined {
  return { outcome: 'DECLINED', reason, processorCode };
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

function checkAmount(amount: number, currency: string): void {
  if (!Number.isInteger(amount) || amount < 1 || amount > MAX_AMOUNT) {
    throw new ProcessorRequestError(`amount must be a positive integer of minor units up to ${MAX_AMOUNT}`);
  }
  if (!CURRENCY.test(currency)) throw new ProcessorRequestError('currency must be an ISO 4217 code such as USD');
}

/**
 * The parameters a key was first used with, hashed: card sources count by network, last four
 * digits and expiry, never by number or security code.
 */
function fingerprint(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function sourceFingerprint(source: PaymentSource): Record<string, unknown> {
  switch (source.kind) {
    case 'CARD':
      return { kind: 'CARD', network: source.card.network, last4: source.card.last4, month: source.card.expiryMonth, year: source.card.expiryYear };
    case 'PAYPAL':
      return { kind: 'PAYPAL', payer: source.payerEmail.trim().toLowerCase() };
    case 'STORED':
      return { kind: 'STORED', reference: source.reference };
  }
}

function billingComplete(address: { name: string; line1: string; city: string; postalCode: string; country: string }): boolean {
  return [address.name, address.line1, address.city, address.postalCode, address.country].every((part) => typeof part === 'string' && part.trim().length > 0);
}

export class SandboxProcessor implements PaymentProcessor {
  readonly name = 'sandbox';
  private readonly pendingFailures: Failure[] = [];
  /** SQLite: one connection for the whole process, so the sandbox's transactions take turns. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialised: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly log?: Logger,
  ) {
    this.serialised = dataSource.options.type !== 'mysql' && dataSource.options.type !== 'mariadb';
  }

  /**
   * Test hook: the next money call (authorize, capture, release or refund) throws a network
   * error. `before-processing`: the processor never saw it (lookup finds nothing);
   * `after-processing`: it acted and recorded the call, but the answer was lost on the way back.
   */
  failNextCall(when: Failure = 'before-processing'): void {
    this.pendingFailures.push(when);
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
    checkAmount(request.amount, request.currency);
    const descriptorProblem = checkStatementDescriptor(request.descriptor);
    if (descriptorProblem) throw new ProcessorRequestError(`descriptor: ${descriptorProblem}`);
    const parts = { amount: request.amount, currency: request.currency, descriptor: request.descriptor, store: request.storeForReuse, source: sourceFingerprint(request.source) };
    return this.call('AUTHORIZE', request.idempotencyKey, parts, async (manager, now): Promise<AuthorizeResult> => {
      const judged = await this.judge(manager, request.source, now);
      if (judged.declined) return judged.declined;
      let storedReference: string | null = null;
      let paymentMethodId = judged.paymentMethod?.id ?? null;
      if (request.storeForReuse) {
        if (request.source.kind === 'STORED') storedReference = request.source.reference;
        else {
          const method = this.paymentMethodOf(request.source, judged.behaviour, now);
          await manager.insert(SandboxPaymentMethod, method);
          storedReference = paymentMethodId = method.id;
        }
      }
      const authorization: SandboxAuthorization = {
        id: newId('auth'),
        sourceKind: request.source.kind,
        paymentMethodId,
        behaviour: judged.behaviour,
        network: judged.network,
        last4: judged.last4,
        currency: request.currency,
        amount: request.amount,
        captured: 0,
        released: 0,
        descriptor: request.descriptor,
        createdAt: now,
      };
      await manager.insert(SandboxAuthorization, authorization);
      return { outcome: 'APPROVED', authorizationId: authorization.id, storedReference };
    });
  }

  async capture(request: CaptureRequest): Promise<CaptureResult> {
    checkAmount(request.amount, request.currency);
    const parts = { authorization: request.authorizationId, amount: request.amount, currency: request.currency };
    return this.call('CAPTURE', request.idempotencyKey, parts, async (manager, now): Promise<CaptureResult> => {
      const authorization = await this.lockAuthorization(manager, request.authorizationId);
      if (authorization.currency !== request.currency) {
        throw new ProcessorRequestError(`authorization ${authorization.id} is in ${authorization.currency}, not ${request.currency}`);
      }
      if (authorization.behaviour === 'DECLINE_LATER') return decline('DECLINED', SANDBOX_CODES.genericDecline);
      const left = authorization.amount - authorization.captured - authorization.released;
      if (request.amount > left) {
        throw new ProcessorRequestError(`capture of ${request.amount} exceeds the ${left} left of authorization ${authorization.id}`);
      }
      await manager.update(SandboxAuthorization, { id: authorization.id }, { captured: authorization.captured + request.amount });
      const capture: SandboxCapture = {
        id: newId('cap'),
        authorizationId: authorization.id,
        currency: request.currency,
        amount: request.amount,
        refunded: 0,
        createdAt: now,
      };
      await manager.insert(SandboxCapture, capture);
      return { outcome: 'CAPTURED', captureId: capture.id };
    });
  }

  async release(request: ReleaseRequest): Promise<ReleaseResult> {
    const parts = request.amount === undefined ? { authorization: request.authorizationId } : { authorization: request.authorizationId, amount: request.amount };
    if (request.amount !== undefined && (!Number.isInteger(request.amount) || request.amount < 1)) throw new ProcessorRequestError('a partial release is a positive integer of minor units');
    return this.call('RELEASE', request.idempotencyKey, parts, async (manager): Promise<ReleaseResult> => {
      const authorization = await this.lockAuthorization(manager, request.authorizationId);
      const left = authorization.amount - authorization.captured - authorization.released;
      const freed = request.amount === undefined ? left : Math.min(left, request.amount);
      if (freed > 0) await manager.update(SandboxAuthorization, { id: authorization.id }, { released: authorization.released + freed });
      return { outcome: 'RELEASED', releasedAmount: freed };
    });
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    checkAmount(request.amount, request.currency);
    const parts = { capture: request.captureId, amount: request.amount, currency: request.currency };
    return this.call('REFUND', request.idempotencyKey, parts, async (manager): Promise<RefundResult> => {
      const capture = await lockForUpdate(
        this.dataSource,
        manager.createQueryBuilder(SandboxCapture, 'c').where('c.id = :id', { id: request.captureId }),
      ).getOne();
      if (!capture) throw new ProcessorRequestError(`no capture ${request.captureId}`);
      if (capture.currency !== request.currency) throw new ProcessorRequestError(`capture ${capture.id} is in ${capture.currency}, not ${request.currency}`);
      const left = capture.amount - capture.refunded;
      if (request.amount > left) throw new ProcessorRequestError(`refund of ${request.amount} exceeds the ${left} left of capture ${capture.id}`);
      const authorization = await manager.findOneByOrFail(SandboxAuthorization, { id: capture.authorizationId });
      if (authorization.behaviour === 'REFUND_FAILS') return { outcome: 'FAILED', reason: 'DECLINED', processorCode: SANDBOX_CODES.refundFailed };
      await manager.update(SandboxCapture, { id: capture.id }, { refunded: capture.refunded + request.amount });
      return { outcome: 'REFUNDED', refundId: newId('re') };
    });
  }

  async lookup(idempotencyKey: string): Promise<ProcessorCall | null> {
    const call = await this.dataSource.getRepository(SandboxProcessorCall).findOneBy({ idempotencyKey });
    if (!call || !call.result) return null;
    return { operation: call.operation, result: JSON.parse(call.result) } as ProcessorCall;
  }

  /** Whether the source may be charged now, and what the sandbox remembers of it. */
  private async judge(manager: EntityManager, source: PaymentSource, now: Date): Promise<Judgement> {
    switch (source.kind) {
      case 'CARD': {
        const { card, billing } = source;
        const number = checkCardNumber(card.number);
        if (!number.ok) return { declined: decline('DECLINED', SANDBOX_CODES.incorrectNumber) };
        if (cardExpired(card.expiryMonth, card.expiryYear, now)) return { declined: decline('EXPIRED_CARD', SANDBOX_CODES.expiredCard) };
        if (!/^[0-9]+$/.test(card.cvc) || card.cvc.length !== cvcLength(number.network)) {
          return { declined: decline('DECLINED', SANDBOX_CODES.incorrectCvc) };
        }
        if (!billingComplete(billing)) return { declined: decline('ADDRESS_MISMATCH', SANDBOX_CODES.incorrectAddress) };
        const test = SANDBOX_TEST_CARDS[card.number];
        if (test?.decline) return { declined: decline(test.decline.reason, test.decline.processorCode) };
        return { behaviour: test?.behaviour ?? 'APPROVE', network: number.network, last4: card.last4, paymentMethod: null };
      }
      case 'PAYPAL': {
        if (source.payerEmail.trim().toLowerCase() === SANDBOX_PAYPAL.declines) return { declined: decline('PAYPAL_DECLINED', SANDBOX_CODES.paypalDeclined) };
        return { behaviour: 'APPROVE', network: null, last4: null, paymentMethod: null };
      }
      case 'STORED': {
        const method = await manager.findOneBy(SandboxPaymentMethod, { id: source.reference });
        if (!method) throw new ProcessorRequestError(`no stored payment method ${source.reference}`);
        if (method.behaviour === 'DECLINE_LATER') return { declined: decline('DECLINED', SANDBOX_CODES.genericDecline) };
        if (method.expiryMonth !== null && method.expiryYear !== null && cardExpired(method.expiryMonth, method.expiryYear, now)) {
          return { declined: decline('EXPIRED_CARD', SANDBOX_CODES.expiredCard) };
        }
        return { behaviour: method.behaviour, network: method.network, last4: method.last4, paymentMethod: method };
      }
    }
  }

  private paymentMethodOf(source: Exclude<PaymentSource, { kind: 'STORED' }>, behaviour: SandboxBehaviour, now: Date): SandboxPaymentMethod {
    const card = source.kind === 'CARD' ? source.card : null;
    return {
      id: newId('pm'),
      kind: source.kind,
      behaviour,
      network: card ? card.network : null,
      last4: card ? card.last4 : null,
      expiryMonth: card ? card.expiryMonth : null,
      expiryYear: card ? card.expiryYear : null,
      payerEmail: source.kind === 'PAYPAL' ? source.payerEmail.trim() : null,
      createdAt: now,
    };
  }

  private async lockAuthorization(manager: EntityManager, id: string): Promise<SandboxAuthorization> {
    const authorization = await lockForUpdate(this.dataSource, manager.createQueryBuilder(SandboxAuthorization, 'a').where('a.id = :id', { id })).getOne();
    if (!authorization) throw new ProcessorRequestError(`no authorization ${id}`);
    return authorization;
  }

  /**
   * One call under its idempotency key. The key's row is inserted first, in the transaction
   * that moves the money, so a second call with the key waits for the first and then answers
   * its recorded result; money moves once even when two calls race (MySQL's unique key
   * decides). A call refused with ProcessorRequestError rolls back and leaves the key unused.
   */
  private async call<T extends ProcessorCall['result']>(
    operation: ProcessorOperation,
    idempotencyKey: string,
    parts: Record<string, unknown>,
    work: (manager: EntityManager, now: Date) => Promise<T>,
  ): Promise<T> {
    if (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ProcessorRequestError('idempotency key must be 1 to 128 printable characters without spaces');
    }
    const failure = this.pendingFailures.shift();
    if (failure === 'before-processing') throw new ProcessorUnavailableError('sandbox processor: simulated network failure before the call reached it');
    const print = fingerprint({ operation, ...parts });
    const result = await this.inTurn(() => this.once(operation, idempotencyKey, print, work));
    this.log?.debug({ processor: this.name, operation, idempotencyKey, outcome: result.outcome, reason: 'reason' in result ? result.reason : undefined }, 'payment processor call');
    if (failure === 'after-processing') throw new ProcessorUnavailableError('sandbox processor: simulated network failure after the call was processed');
    return result;
  }

  private async once<T>(operation: ProcessorOperation, idempotencyKey: string, print: string, work: (manager: EntityManager, now: Date) => Promise<T>): Promise<T> {
    const calls = this.dataSource.getRepository(SandboxProcessorCall);
    const earlier = await calls.findOneBy({ idempotencyKey });
    if (earlier) return this.replay<T>(earlier, operation, print);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const now = this.clock.now();
        await manager.insert(SandboxProcessorCall, { idempotencyKey, operation, fingerprint: print, result: '', createdAt: now });
        const result = await work(manager, now);
        await manager.update(SandboxProcessorCall, { idempotencyKey }, { result: JSON.stringify(result) });
        return result;
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const winner = await calls.findOneBy({ idempotencyKey });
      if (!winner) throw error;
      return this.replay<T>(winner, operation, print);
    }
  }

  private replay<T>(call: SandboxProcessorCall, operation: ProcessorOperation, print: string): T {
    if (call.operation !== operation || call.fingerprint !== print) {
      throw new ProcessorRequestError(`idempotency key ${call.idempotencyKey} was already used for a different ${call.operation.toLowerCase()} request`);
    }
    return JSON.parse(call.result) as T;
  }

  private inTurn<T>(run: () => Promise<T>): Promise<T> {
    if (!this.serialised) return run();
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
