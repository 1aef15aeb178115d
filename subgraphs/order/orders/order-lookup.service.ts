import type { DataSource, Repository } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { normalizeEmail } from '../../../kernel/email-address';
import { ErrorCode } from '../../../kernel/error-codes';
import { hashPassword, verifyPassword, type HashCost } from '../../../kernel/password-hash';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { Throttle } from '../../../kernel/throttle/throttle';
import type { ThrottlePolicy } from '../../../kernel/throttle/throttle-policy';
import { OrderAccess } from '../checkout/checkout.types';
import type { PaymentService } from '../payments/payment.service';
import { LOOKUP_FAILED_MESSAGE, orderAccessError, tooManyLookups, type LookupOrderInput, type OrderAccessError } from './order-access.types';
import { orderLookupThrottlePolicy } from './order-lookup.throttle';
import { normalizeOrderNumber, normalizeOrderPassword } from './order-secrets';
import type { OrderTokens } from './order-tokens';
import { Order } from './order.entity';

const given = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

/** The order password as stored: the one made at checkout without case, spaces or dashes; a chosen one as typed. */
export function comparableOrderPassword(order: Pick<Order, 'passwordChangedAt'>, typed: string): string {
  return order.passwordChangedAt ? typed : normalizeOrderPassword(typed);
}

/**
 * O8, Quick Order Lookup: the order number with the order password, or the e-mail address with
 * the last 5 digits of the card, opens that one order with an order token. A wrong pair gets one
 * answer whatever was wrong and whether the order exists, and costs about the same time: an
 * order number that matches nothing (or an order without a password) still checks a decoy
 * hash, as sign-in does (A3); the e-mail pair is one indexed statement either way, its digits
 * compared through their keyed digest (the card number is never stored). Every attempt takes
 * its slot in the throttle before anything is compared.
 */
export class OrderLookupService {
  private readonly orders: Repository<Order>;
  private readonly clock: Clock;
  private readonly throttle: Throttle;
  readonly policy: ThrottlePolicy<'address' | 'identifier'>;
  private decoyHash: Promise<string> | null = null;

  constructor(
    dataSource: DataSource,
    deps: ServiceDeps,
    private readonly tokens: OrderTokens,
    private readonly payments: PaymentService,
    private readonly hashCost: HashCost,
  ) {
    this.orders = dataSource.getRepository(Order);
    this.clock = deps.clock;
    this.throttle = new Throttle(dataSource, deps.clock);
    this.policy = orderLookupThrottlePolicy(deps.env);
  }

  async lookup(input: LookupOrderInput, clientIp: string): Promise<OrderAccess | OrderAccessError> {
    const byNumber = given(input.orderNumber) || given(input.orderPassword);
    const byEmail = given(input.email) || given(input.cardLast5);
    if (byNumber === byEmail) {
      return orderAccessError(
        ErrorCode.LOOKUP_PAIR_REQUIRED,
        'Enter your order number and order password, or your e-mail address and the last 5 digits of your card: one of the two.',
        ['input'],
      );
    }
    if (byNumber) {
      if (!given(input.orderNumber)) return orderAccessError(ErrorCode.LOOKUP_PAIR_REQUIRED, 'Enter your order number.', ['input', 'orderNumber']);
      if (!given(input.orderPassword)) return orderAccessError(ErrorCode.LOOKUP_PAIR_REQUIRED, 'Enter your order password.', ['input', 'orderPassword']);
      return this.byOrderNumber(input.orderNumber, input.orderPassword, clientIp);
    }
    if (!given(input.email)) return orderAccessError(ErrorCode.LOOKUP_PAIR_REQUIRED, 'Enter the e-mail address you gave with your order.', ['input', 'email']);
    const last5 = (input.cardLast5 ?? '').trim();
    if (!/^[0-9]{5}$/.test(last5)) return orderAccessError(ErrorCode.CARD_LAST5_INVALID, 'Enter the last 5 digits of your card, digits only.', ['input', 'cardLast5']);
    return this.byEmail(input.email, last5, clientIp);
  }

  private async byOrderNumber(typedNumber: string, password: string, clientIp: string): Promise<OrderAccess | OrderAccessError> {
    const number = normalizeOrderNumber(typedNumber);
    const attempt = await this.throttle.attempt(this.policy, { identifier: `number:${number}`, address: clientIp });
    if (!attempt.allowed) return tooManyLookups(attempt.retryAfterSeconds);
    const order = await this.orders.findOneBy({ number });
    // One slow hash whatever happens: the decoy when no order (or no password) matches.
    const matches = await verifyPassword(order ? comparableOrderPassword(order, password) : password, order?.passwordHash ?? (await this.decoy()));
    if (!order?.passwordHash || !matches) return orderAccessError(ErrorCode.ORDER_LOOKUP_FAILED, LOOKUP_FAILED_MESSAGE);
    await attempt.succeeded();
    return this.access(order);
  }

  /**
   * The e-mail pair opens the newest order paid with that card: several orders can share an
   * e-mail address and a card, and an order token opens one order. The others are reached by
   * their number and password, or by signing in when they belong to an account.
   */
  private async byEmail(typedEmail: string, last5: string, clientIp: string): Promise<OrderAccess | OrderAccessError> {
    // A text that cannot be an address counts as an attempt like any other, under its own form.
    const email = normalizeEmail(typedEmail);
    const attempt = await this.throttle.attempt(this.policy, { identifier: `email:${email ?? typedEmail.trim().toLowerCase()}`, address: clientIp });
    if (!attempt.allowed) return tooManyLookups(attempt.retryAfterSeconds);
    const order = email
      ? await this.orders.findOne({ where: { email, cardLast5Digest: this.payments.cardLast5Digest(last5) }, order: { placedAt: 'DESC', id: 'DESC' } })
      : null;
    if (!order) return orderAccessError(ErrorCode.ORDER_LOOKUP_FAILED, LOOKUP_FAILED_MESSAGE);
    await attempt.succeeded();
    return this.access(order);
  }

  async access(order: Order): Promise<OrderAccess> {
    const { token, expiresAt } = await this.tokens.issue(order.id, this.clock.now());
    return Object.assign(new OrderAccess(), { token, expiresAt, order });
  }

  /** After a new order password is set, its owner may look the order up at once. */
  clearNumber(orderNumber: string): Promise<void> {
    return this.throttle.clear(this.policy, 'identifier', `number:${normalizeOrderNumber(orderNumber)}`);
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword('order-lookup-decoy', this.hashCost);
    return this.decoyHash;
  }
}
