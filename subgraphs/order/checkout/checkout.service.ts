import { randomUUID } from 'node:crypto';
import { insertRows } from '../../../kernel/db';
import type { DataSource, EntityManager } from 'typeorm';
import type { BusinessCalendar } from '../../../kernel/business-days';
import type { Clock } from '../../../kernel/clock';
import { intFromEnv } from '../../../kernel/config';
import { isDuplicateKey } from '../../../kernel/db';
import { ErrorCode } from '../../../kernel/error-codes';
import type { Identity } from '../../../kernel/identity';
import type { Logger } from '../../../kernel/logger';
import type { Mailer } from '../../../kernel/mail';
import type { Outbox } from '../../../kernel/outbox/outbox';
import { hashPassword, type HashCost } from '../../../kernel/password-hash';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { normalizeEmail } from '../../../kernel/email-address';
import { ships, type Product } from '../catalog/product.entity';
import type { CartLine } from '../cart/cart-line.entity';
import { sameCharge, type Quote } from '../cart/cart-pricing';
import { CartState } from '../cart/cart.entity';
import { CartService, type LoadedCart } from '../cart/cart.service';
import { cartError, type CartError, type CartView, type CheckoutDetailsInput } from '../cart/cart.types';
import { Order, OrderKind } from '../orders/order.entity';
import { newOrderNumber, newOrderPassword, normalizeOrderPassword } from '../orders/order-secrets';
import type { OrderTokens } from '../orders/order-tokens';
import { OrderPlacement, type OrderPlan } from '../orders/order-placement';
import type { Seller } from '../orders/seller';
import { PaymentKind } from '../orders/payment-method.type';
import { cardDetailsLine, confirmationMail } from './checkout.mail';
import { CARD_NETWORK_NAMES, checkPayment, PAYMENT_PROBLEM_MESSAGES, type CheckedPayment } from '../payments/card';
import { declineMessage, newErrorNumber, type DeclineReason } from '../payments/declines';
import type { PaymentService } from '../payments/payment.service';
import type { PaymentInput } from '../payments/payment.types';
import { ProcessorUnavailableError, type AuthorizeResult, type PaymentSource } from '../payments/processor';
import { checkAddress, type AddressFields, type PostalAddress } from '../shipping/address';
import type { SanctionsList } from '../shipping/sanctions';
import { checkShippingMethod } from '../shipping/shipping';
import { currencyForCountry, type TaxTables } from '../tax/tax';
import { OrderAccess, OrderConfirmation, paymentDeclined, type PaymentDeclined } from './checkout.types';
import { AttemptState, PaymentAttempt } from './payment-attempt.entity';

/** Job type: settles a placement attempt its request never finished (the process died mid-way). */
export const RECOVER_ATTEMPT_JOB = 'checkout.recover-attempt';

/** How long an attempt may stay pending before recovery looks at it: well past the processor's timeout. */
const RECOVERY_AFTER_MS = 2 * 60_000;
/** How long a second placeOrder of the same cart waits for the first to finish. */
const WAIT_FOR_OTHER_MS = 20_000;
/** A processor code that means "we never heard back": recovery must ask the processor what happened. */
export const UNANSWERED = 'graph/processor_unanswered';

export interface CheckoutSettings {
  wireTransferDays: number;
  hashCost: HashCost;
}

export type PlaceOrderResult = OrderConfirmation | PaymentDeclined | CartError;

/**
 * Checkout (O3–O7, O11): the details that fix tax and shipping, and placing the order.
 *
 * Placing a cart: the figures are recomputed from the catalog and tax tables as they are now and
 * must equal the ones the shopper was shown, or nothing is charged (O6). An attempt row takes
 * the cart's lock (a unique key), so any number of simultaneous placements of one cart make one
 * authorization and one order; then the processor is asked, outside any transaction; then the
 * answer is recorded: a decline on the attempt (with the number the customer quotes, O4), an
 * approval as the order, in one transaction. A process that dies between the call and the
 * record leaves a pending attempt that a recovery job settles with the processor (a hold with
 * no order is released), so no money is ever held without its record, nor recorded unheld.
 */
export class CheckoutService {
  private readonly clock: Clock;
  private readonly outbox: Outbox;
  private readonly log: Logger;
  private readonly calendar: BusinessCalendar;
  readonly settings: CheckoutSettings;

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
    private readonly carts: CartService,
    private readonly placement: OrderPlacement,
    private readonly payments: PaymentService,
    private readonly tokens: OrderTokens,
    private readonly mailer: Mailer,
    private readonly tables: TaxTables,
    private readonly sanctions: SanctionsList,
    private readonly seller: Seller,
    hashCost: HashCost,
  ) {
    this.clock = deps.clock;
    this.outbox = deps.outbox;
    this.log = deps.log;
    this.calendar = deps.calendar;
    this.settings = { wireTransferDays: intFromEnv(deps.env, 'WIRE_TRANSFER_DAYS', 10, 1, 60), hashCost };
  }

  // ----------------------------------------------------------------------------------------
  // Checkout details (O6, O7)

  /** Sets who buys and where it goes; the cart then shows shipping, tax and the final total. */
  async setDetails(identity: Identity, cartId: string, details: CheckoutDetailsInput): Promise<CartView | CartError> {
    // The same canonical form as an account's (A1), so a guest's order and a later account agree.
    const email = normalizeEmail(details.email ?? '');
    if (!email) return cartError(ErrorCode.INVALID_EMAIL, 'Please enter a valid e-mail address, like name@example.com.', ['details', 'email']);
    const billing = this.address(details.billingAddress, ['details', 'billingAddress']);
    if ('code' in billing) return billing;

    return this.carts.change(identity, cartId, async (loaded, manager) => {
      const slice = await this.carts.catalogFor(loaded.lines.map((l) => l.productId), manager);
      const physical = loaded.lines.some((l) => ships(slice.products.get(l.productId)!.delivery));
      let shipping: PostalAddress | null = null;
      let method = null;
      if (physical) {
        if (!details.shippingAddress) return cartError(ErrorCode.SHIPPING_ADDRESS_REQUIRED, 'Enter the address the physical items ship to.', ['details', 'shippingAddress']);
        const checked = this.address(details.shippingAddress, ['details', 'shippingAddress']);
        if ('code' in checked) return checked;
        shipping = checked;
        if (!details.shippingMethod) return cartError(ErrorCode.SHIPPING_METHOD_REQUIRED, 'Choose how the physical items ship.', ['details', 'shippingMethod']);
        const available = checkShippingMethod(details.shippingMethod, shipping);
        if (!available.ok) return cartError(ErrorCode.SHIPPING_METHOD_NOT_AVAILABLE, available.message, ['details', 'shippingMethod']);
        method = details.shippingMethod;
      }
      Object.assign(loaded.cart, {
        email,
        billingAddress: billing,
        shippingAddress: shipping,
        shippingMethod: method,
        // O1: the currency follows the billing country; the lines are re-priced from its price list.
        currency: currencyForCountry(billing.country, this.tables),
      });
      return this.carts.saveLines(manager, loaded, loaded.lines);
    });
  }

  private address(input: AddressFields, field: string[]): PostalAddress | CartError {
    const checked = checkAddress(input, { sanctions: this.sanctions });
    if (checked.ok) return checked.address;
    return cartError(ErrorCode[checked.problem as keyof typeof ErrorCode] ?? ErrorCode.ADDRESS_INCOMPLETE, checked.message, [...field, checked.field]);
  }

  // ----------------------------------------------------------------------------------------
  // Placing the order (O3–O5, O11)

  async place(identity: Identity, cartId: string, input: PaymentInput): Promise<PlaceOrderResult> {
    const loaded = await this.carts.find(identity, cartId);
    if (!loaded) return cartError(ErrorCode.CART_NOT_FOUND, 'This cart was not found: it may have expired. Please start a new cart.', ['cartId']);
    // The same cart placed again (a retry, a double click): the same order, not a second one.
    if (loaded.cart.state === CartState.ORDERED) return this.repeat(loaded.cart.orderId!);
    if (loaded.lines.length === 0) return cartError(ErrorCode.CART_EMPTY, 'Your cart is empty.', ['cartId']);
    if (!loaded.cart.quoteComplete) {
      return cartError(ErrorCode.CHECKOUT_DETAILS_MISSING, 'Enter your e-mail and billing address (and shipping details for physical items) first.', ['cartId']);
    }
    const payment = checkPayment(input, this.clock.now());
    if (!payment.ok) return cartError(ErrorCode[payment.problem as keyof typeof ErrorCode], payment.message ?? PAYMENT_PROBLEM_MESSAGES[payment.problem], ['payment']);
    if (payment.method.kind === 'WIRE_TRANSFER' && loaded.lines.some((l) => l.autoRenew)) {
      return cartError(ErrorCode.WIRE_TRANSFER_NOT_ALLOWED, 'Wire transfer is not accepted for an order with the Auto-Renewal Plan. Please pay by card or PayPal.', ['payment', 'wireTransfer']);
    }
    const slice = await this.carts.catalogFor(loaded.lines.map((l) => l.productId));
    const quote = this.carts.quote(loaded.cart, loaded.lines, slice);
    if ('code' in quote) return cartError(quote.code, quote.message, ['cartId']);
    if (!sameCharge(quote, this.shown(loaded))) return this.totalChanged(identity, cartId, quote);

    const attempt = await this.takeLock(loaded, quote, payment.method);
    if (attempt === 'taken') return this.awaitOther(loaded.cart.idHash);

    const password = newOrderPassword();
    // Hashed as Quick Order Lookup compares it: without case, spaces or dashes (O8).
    const passwordHash = await hashPassword(normalizeOrderPassword(password), this.settings.hashCost);
    const authorization = await this.authorize(attempt, loaded, quote, payment.method, slice.products);
    if (authorization.outcome === 'DECLINED') return this.decline(attempt, authorization.reason, authorization.processorCode);

    const plan = this.plan(identity, loaded, quote, payment.method, slice.products, passwordHash, authorization);
    const order = await this.record(attempt, loaded, plan);
    if (!order) return cartError(ErrorCode.ORDER_IN_PROGRESS, 'Your order could not be completed. Nothing was charged; please try again.', ['cartId']);
    await this.sendConfirmation(order, plan, password);
    return this.confirmation(order, password);
  }

  /** The figures the shopper was last shown, as stored on the cart. */
  private shown(loaded: LoadedCart): Quote {
    const { cart, lines } = loaded;
    return {
      currency: cart.currency as Quote['currency'],
      lines: lines.map((l) => ({ id: l.id, unitPriceAmount: l.unitPriceAmount, amount: l.unitPriceAmount * l.quantity, taxAmount: l.taxAmount, taxRateBasisPoints: 0, totalAmount: l.totalAmount })),
      subtotalAmount: cart.subtotalAmount,
      shippingAmount: cart.shippingAmount,
      shippingTaxAmount: cart.shippingTaxAmount,
      taxAmount: cart.taxAmount,
      totalAmount: cart.totalAmount,
      taxIncluded: cart.taxIncluded,
      complete: cart.quoteComplete,
    };
  }

  /** O6: a price, rate or charge changed since the shopper saw the total: show the new one, charge nothing. */
  private async totalChanged(identity: Identity, cartId: string, quote: Quote): Promise<CartError> {
    await this.carts.change(identity, cartId, (loaded, manager) => this.carts.saveLines(manager, loaded, loaded.lines));
    const total = `${(quote.totalAmount / 100).toFixed(2)} ${quote.currency}`;
    return cartError(ErrorCode.TOTAL_CHANGED, `The price of your order changed to ${total} since you reviewed it. Please review the new total, then place the order again. Nothing was charged.`, ['cartId']);
  }

  /** Writes the attempt that holds the cart's lock, or says another placement holds it. */
  private async takeLock(loaded: LoadedCart, quote: Quote, method: CheckedPayment): Promise<PaymentAttempt | 'taken'> {
    const now = this.clock.now();
    const attempt = Object.assign(new PaymentAttempt(), {
      id: randomUUID(),
      cartIdHash: loaded.cart.idHash,
      lockKey: loaded.cart.idHash,
      state: AttemptState.PENDING,
      currency: quote.currency,
      amount: quote.totalAmount,
      paymentKind: method.kind,
      cardBrand: method.kind === 'CARD' ? CARD_NETWORK_NAMES[method.network] : null,
      cardLast4: method.kind === 'CARD' ? method.last4 : null,
      declineReason: null,
      processorCode: null,
      errorNumber: null,
      authorizationId: null,
      orderId: null,
      createdAt: now,
      resolvedAt: null,
    });
    try {
      await this.dataSource.transaction(async (manager) => {
        await insertRows(manager, PaymentAttempt, attempt);
        await this.outbox.schedule(manager, { type: RECOVER_ATTEMPT_JOB, payload: { attemptId: attempt.id }, dueAt: new Date(now.getTime() + RECOVERY_AFTER_MS) });
      });
      return attempt;
    } catch (error) {
      if (isDuplicateKey(error)) return 'taken';
      throw error;
    }
  }

  /** Another placement of this cart holds its lock: wait for it, and answer as it answers. */
  private async awaitOther(idHash: string): Promise<PlaceOrderResult> {
    const deadline = Date.now() + WAIT_FOR_OTHER_MS;
    while (Date.now() < deadline) {
      const latest = await this.dataSource.getRepository(PaymentAttempt).findOne({ where: { cartIdHash: idHash }, order: { createdAt: 'DESC' } });
      if (latest?.state === AttemptState.APPROVED && latest.orderId) return this.repeat(latest.orderId);
      if (latest?.state === AttemptState.DECLINED) return paymentDeclined(latest.declineReason as DeclineReason, declineMessage(latest.declineReason as DeclineReason, latest.errorNumber!), latest.errorNumber!);
      if (latest && latest.state !== AttemptState.PENDING) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return cartError(ErrorCode.ORDER_IN_PROGRESS, 'This cart is being placed as an order right now. Please look for the confirmation e-mail before trying again.', ['cartId']);
  }

  /** Asks the processor to hold the total (O5). Never inside a transaction. */
  private async authorize(attempt: PaymentAttempt, loaded: LoadedCart, quote: Quote, method: CheckedPayment, products: ReadonlyMap<string, Product>): Promise<AuthorizeResult | { outcome: 'WIRE' }> {
    if (method.kind === 'WIRE_TRANSFER') return { outcome: 'WIRE' } as const;
    const source: PaymentSource = method.kind === 'CARD' ? { kind: 'CARD', card: method.card, billing: loaded.cart.billingAddress! } : { kind: 'PAYPAL', payerEmail: method.payerEmail };
    // The Auto-Renewal Plan charges the same card later (S3): ask for a reusable reference then.
    const storeForReuse = loaded.lines.some((l) => l.autoRenew && !products.get(l.productId)!.isAddOn);
    try {
      return await this.payments.processor.authorize({ idempotencyKey: attempt.id, amount: quote.totalAmount, currency: quote.currency, source, descriptor: this.payments.descriptor, storeForReuse });
    } catch (error) {
      if (!(error instanceof ProcessorUnavailableError)) throw error;
      // The processor may or may not have held the money: recovery asks it (by this attempt's key) and releases any hold.
      this.log.warn({ attemptId: attempt.id, err: error.message }, 'payment processor did not answer');
      return { outcome: 'DECLINED', reason: 'PROCESSING_ERROR', processorCode: UNANSWERED };
    }
  }

  private async decline(attempt: PaymentAttempt, reason: DeclineReason, processorCode: string): Promise<PaymentDeclined> {
    const errorNumber = newErrorNumber();
    await this.dataSource.getRepository(PaymentAttempt).update(
      { id: attempt.id, state: AttemptState.PENDING },
      { state: AttemptState.DECLINED, lockKey: null, declineReason: reason, processorCode, errorNumber, resolvedAt: this.clock.now() },
    );
    this.log.info({ attemptId: attempt.id, reason, errorNumber }, 'payment declined');
    return paymentDeclined(reason, declineMessage(reason, errorNumber), errorNumber);
  }

  private plan(
    identity: Identity,
    loaded: LoadedCart,
    quote: Quote,
    method: CheckedPayment,
    products: ReadonlyMap<string, Product>,
    passwordHash: string,
    authorization: AuthorizeResult | { outcome: 'WIRE' },
  ): OrderPlan {
    const { cart, lines } = loaded;
    const now = this.clock.now();
    const approved = authorization.outcome === 'APPROVED' ? authorization : null;
    return {
      orderId: randomUUID(),
      number: newOrderNumber(),
      kind: OrderKind.PURCHASE,
      accountId: identity.accountId,
      email: cart.email!,
      passwordHash,
      cartIdHash: cart.idHash,
      placedAt: now,
      quote,
      lines: lines.map((l: CartLine) => ({ id: l.id, product: products.get(l.productId)!, quantity: l.quantity, autoRenew: l.autoRenew, backupCdForLineId: l.backupCdForLineId, backupCdForOrderItemId: l.backupCdForOrderItemId })),
      billing: cart.billingAddress!,
      shipping: cart.shippingAddress,
      shippingMethod: cart.shippingMethod as OrderPlan['shippingMethod'],
      payment: {
        kind: method.kind === 'CARD' ? PaymentKind.CARD : method.kind === 'PAYPAL' ? PaymentKind.PAYPAL : PaymentKind.WIRE_TRANSFER,
        cardBrand: method.kind === 'CARD' ? CARD_NETWORK_NAMES[method.network] : null,
        cardLast4: method.kind === 'CARD' ? method.last4 : null,
        cardExpiryMonth: method.kind === 'CARD' ? method.expiryMonth : null,
        cardExpiryYear: method.kind === 'CARD' ? method.expiryYear : null,
        cardLast5Digest: method.kind === 'CARD' ? this.payments.cardLast5Digest(method.last5) : null,
        authorizationId: approved?.authorizationId ?? null,
        paymentReference: approved?.storedReference ?? null,
      },
      descriptor: this.payments.descriptor,
      paymentDueBy: approved ? null : new Date(now.getTime() + this.settings.wireTransferDays * 86_400_000),
    };
  }

  /**
   * Records the approved attempt as the order, in one transaction with the cart's change. If
   * recovery settled the attempt first (the request was slower than its timeout), the hold is
   * released and no order is written.
   */
  private async record(attempt: PaymentAttempt, loaded: LoadedCart, plan: OrderPlan): Promise<Order | null> {
    const written = await this.dataSource.transaction(async (manager: EntityManager) => {
      const claimed = await manager.update(
        PaymentAttempt,
        { id: attempt.id, state: AttemptState.PENDING },
        { state: AttemptState.APPROVED, authorizationId: plan.payment.authorizationId, orderId: plan.orderId, resolvedAt: this.clock.now() },
      );
      if (claimed.affected !== 1) return null;
      const { order } = await this.placement.write(manager, plan);
      await manager.update('Cart', { idHash: loaded.cart.idHash }, { state: CartState.ORDERED, orderId: order.id, updatedAt: this.clock.now() });
      return order;
    });
    if (!written && plan.payment.authorizationId) {
      await this.payments.processor.release({ idempotencyKey: `release:${attempt.id}`, authorizationId: plan.payment.authorizationId });
    }
    return written;
  }

  /** The answer to a repeated placement of an ordered cart: the same order, a fresh token, no password. */
  private async repeat(orderId: string): Promise<OrderConfirmation> {
    const order = await this.dataSource.getRepository(Order).findOneByOrFail({ id: orderId });
    return this.confirmation(order, null);
  }

  async confirmation(order: Order, password: string | null): Promise<OrderConfirmation> {
    const { token, expiresAt } = await this.tokens.issue(order.id, this.clock.now());
    return Object.assign(new OrderConfirmation(), { orderPassword: password, access: Object.assign(new OrderAccess(), { token, expiresAt, order }) });
  }

  /**
   * O8: the confirmation e-mail, with the order password. The password exists only hashed, so the
   * mail is sent right after the order commits rather than from a job row; a failed send is
   * logged (the customer saw the password on the confirmation page, and can reset it by e-mail).
   */
  private async sendConfirmation(order: Order, plan: OrderPlan, password: string): Promise<void> {
    try {
      const bank = this.seller.bank;
      const wire = order.paymentDueBy
        ? { bank: `${bank.accountHolder}, ${bank.name}, IBAN ${bank.iban}, BIC ${bank.bic}`, reference: order.number, dueBy: order.paymentDueBy }
        : undefined;
      await this.mailer.send(confirmationMail(order, plan, password, cardDetailsLine(plan), wire));
    } catch (error) {
      this.log.error({ orderId: order.id, err: (error as Error).message }, 'order confirmation e-mail not sent');
    }
  }

  // ----------------------------------------------------------------------------------------
  // Recovery (the job)

  /**
   * Settles an attempt whose request never finished: if the processor holds money under its key
   * with no order written, that hold is released; the attempt is marked abandoned and the cart
   * opens again. An attempt that was recorded (approved or declined with an answer) is left alone.
   */
  async recoverOutside(attemptId: string): Promise<{ release: boolean }> {
    const attempt = await this.dataSource.getRepository(PaymentAttempt).findOneBy({ id: attemptId });
    const unsettled = attempt && (attempt.state === AttemptState.PENDING || (attempt.state === AttemptState.DECLINED && attempt.processorCode === UNANSWERED));
    if (!unsettled) return { release: false };
    const call = await this.payments.processor.lookup(attempt.id);
    if (call?.operation === 'AUTHORIZE' && call.result.outcome === 'APPROVED') {
      await this.payments.processor.release({ idempotencyKey: `release:${attempt.id}`, authorizationId: call.result.authorizationId });
      return { release: true };
    }
    return { release: false };
  }

  async recoverInside(manager: EntityManager, attemptId: string, outcome: { release: boolean }): Promise<void> {
    const now = this.clock.now();
    await manager.update(PaymentAttempt, { id: attemptId, state: AttemptState.PENDING }, { state: AttemptState.ABANDONED, lockKey: null, resolvedAt: now });
    if (outcome.release) this.log.warn({ attemptId }, 'an authorization without an order was released');
  }
}
