import { randomUUID } from 'node:crypto';
import { IsNull, MoreThan, type DataSource, type Repository } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { DEFAULT_PORTAL_URL, intFromEnv } from '../../../kernel/config';
import { insertRows } from '../../../kernel/db';
import { normalizeEmail } from '../../../kernel/email-address';
import { ErrorCode } from '../../../kernel/error-codes';
import type { Logger } from '../../../kernel/logger';
import type { Mailer } from '../../../kernel/mail';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import { hashPassword, type HashCost } from '../../../kernel/password-hash';
import { describePasswordProblem, passwordPolicyFromEnv, passwordProblem, type PasswordPolicy } from '../../../kernel/password-policy';
import { hashSecretToken, newSecretToken } from '../../../kernel/secret-token';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { Throttle } from '../../../kernel/throttle/throttle';
import type { ThrottlePolicy } from '../../../kernel/throttle/throttle-policy';
import type { OrderAccess } from '../checkout/checkout.types';
import { orderAccessError, type OrderAccessError } from './order-access.types';
import type { OrderLookupService } from './order-lookup.service';
import { orderLookupThrottlePolicy } from './order-lookup.throttle';
import { OrderPasswordReset } from './order-password-reset.entity';
import { normalizeOrderNumber } from './order-secrets';
import { Order } from './order.entity';

/** At most this many links per order per hour: a mailbox cannot be flooded from the store (as A4). */
const MAX_MAILS_PER_HOUR = 3;

/**
 * O8, a forgotten order password, as A4 does for accounts: the customer gives the e-mail address
 * and the order number; the answer is the same whether or not they match an order, and when
 * they do, a single-use link that expires goes to that address (its token stored only hashed).
 * The new password is typed twice and meets A1 (the kernel's password policy); the old one stops
 * working in the same commit, and the link works once. Requests are throttled like lookups.
 */
export class OrderPasswordService {
  private readonly orders: Repository<Order>;
  private readonly resets: Repository<OrderPasswordReset>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly throttle: Throttle;
  private readonly throttlePolicy: ThrottlePolicy<'address' | 'identifier'>;
  private readonly policy: PasswordPolicy;
  private readonly ttlMs: number;
  private readonly portalUrl: string;

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
    private readonly lookups: OrderLookupService,
    private readonly mailer: Mailer,
    private readonly hashCost: HashCost,
  ) {
    this.orders = dataSource.getRepository(Order);
    this.resets = dataSource.getRepository(OrderPasswordReset);
    this.clock = deps.clock;
    this.log = deps.log;
    this.throttle = new Throttle(dataSource, deps.clock);
    this.throttlePolicy = orderLookupThrottlePolicy(deps.env, 'order-password');
    this.policy = passwordPolicyFromEnv(deps.env);
    this.ttlMs = intFromEnv(deps.env, 'PASSWORD_RESET_MINUTES', 60, 5, 24 * 60) * 60_000;
    this.portalUrl = (deps.env.PORTAL_URL || DEFAULT_PORTAL_URL).replace(/\/+$/, '');
  }

  /** Always true: the answer says nothing of whether the order exists or the address is its. */
  async request(email: string, orderNumber: string, clientIp: string): Promise<true> {
    const number = normalizeOrderNumber(orderNumber);
    const attempt = await this.throttle.attempt(this.throttlePolicy, { identifier: `number:${number}`, address: clientIp });
    if (!attempt.allowed) return true;
    const canonical = normalizeEmail(email);
    if (!canonical || !number) return true;
    const order = await this.orders.findOneBy({ number });
    if (!order || order.email !== canonical) return true;
    const now = this.clock.now();
    if ((await this.resets.countBy({ orderId: order.id, createdAt: MoreThan(new Date(now.getTime() - 3_600_000)) })) >= MAX_MAILS_PER_HOUR) return true;

    const { token, hash: tokenHash } = newSecretToken();
    await insertRows(this.dataSource.manager, OrderPasswordReset, { id: randomUUID(), orderId: order.id, tokenHash, createdAt: now, expiresAt: new Date(now.getTime() + this.ttlMs), usedAt: null });
    // Sent after the answer is decided and not awaited, as A4's: the link exists only in this
    // mail (never stored in clear), so it cannot wait in a job row; a failed send is logged and
    // the customer asks again.
    void this.mailer
      .send({
        to: canonical,
        subject: `A new password for your order ${order.number}`,
        text: [
          `Someone (hopefully you) asked for a new password for order ${order.number}.`,
          '',
          `Choose it here (the link works once, within ${Math.round(this.ttlMs / 60_000)} minutes):`,
          `${this.portalUrl}/order-password?token=${token}`,
          '',
          'If you did not ask for this, ignore this e-mail: your order password stays as it is.',
        ].join('\n'),
      })
      .catch((err: Error) => this.log.error({ orderId: order.id, err: err.message }, 'order password e-mail not sent'));
    return true;
  }

  /** Sets the new password with the link's token; the answer opens the order. */
  async reset(token: string, newPassword: string, confirmPassword: string): Promise<OrderAccess | OrderAccessError> {
    if (newPassword !== confirmPassword) {
      return orderAccessError(ErrorCode.PASSWORDS_DO_NOT_MATCH, 'The two passwords are not the same. Please type the new password twice.', ['confirmPassword']);
    }
    const problem = passwordProblem(newPassword, this.policy);
    if (problem) return orderAccessError(problem, describePasswordProblem(problem, this.policy), ['newPassword']);
    // Hashed as typed (NFKC): a chosen password is compared exactly, unlike the one made at checkout.
    const passwordHash = await hashPassword(newPassword, this.hashCost);
    const now = this.clock.now();
    const order = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(OrderPasswordReset);
      const reset = await lockForUpdate(this.dataSource, repo.createQueryBuilder('r').where('r.tokenHash = :hash', { hash: hashSecretToken(token) })).getOne();
      if (!reset || reset.usedAt || reset.expiresAt <= now) return null;
      // This link and every other one still out for the order stop working with the old password.
      await repo.update({ orderId: reset.orderId, usedAt: IsNull() }, { usedAt: now });
      await manager.update(Order, { id: reset.orderId }, { passwordHash, passwordChangedAt: now });
      return manager.findOneByOrFail(Order, { id: reset.orderId });
    });
    if (!order) return orderAccessError(ErrorCode.INVALID_RESET_TOKEN, 'This link has expired or was already used. Please ask for a new one.', ['token']);
    await this.lookups.clearNumber(order.number);
    this.log.info({ orderId: order.id }, 'order password changed');
    return this.lookups.access(order);
  }
}

