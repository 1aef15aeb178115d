import { In, type DataSource, type EntityManager, type Repository } from 'typeorm';
import type { OrderHolding } from '../../events';
import { canReadOrder, type Identity } from '../../../kernel/identity';
import { addToConnection, emptyConnection, type PageRequest } from '../../../kernel/pagination';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { Invoice } from '../invoices/invoice.entity';
import type { OrderConnection } from './order-connection.type';
import { Order } from './order.entity';
import { OrderItem } from './order-item.entity';
import { Refund, RefundItem } from '../returns/refund.entity';
import { Payment, PaymentOperation } from '../payments/payment.entity';

const PAYMENT_SEQUENCE = [PaymentOperation.AUTHORIZATION, PaymentOperation.WIRE_TRANSFER, PaymentOperation.CAPTURE, PaymentOperation.RELEASE, PaymentOperation.REFUND];
import { Shipment } from '../fulfilment/shipment.entity';

/** Owns orders and what hangs off them. Every read takes a batch of ids: one statement each. */
export class OrderService {
  private readonly orders: Repository<Order>;
  private readonly items: Repository<OrderItem>;
  private readonly invoices: Repository<Invoice>;
  private readonly refunds: Repository<Refund>;
  private readonly payments: Repository<Payment>;
  private readonly shipments: Repository<Shipment>;
  private readonly refundItems: Repository<RefundItem>;

  constructor(dataSource: DataSource, _deps: ServiceDeps) {
    this.orders = dataSource.getRepository(Order);
    this.items = dataSource.getRepository(OrderItem);
    this.invoices = dataSource.getRepository(Invoice);
    this.refunds = dataSource.getRepository(Refund);
    this.payments = dataSource.getRepository(Payment);
    this.shipments = dataSource.getRepository(Shipment);
    this.refundItems = dataSource.getRepository(RefundItem);
  }

  findByIds(ids: readonly string[]): Promise<Order[]> {
    return this.orders.findBy({ id: In([...ids]) });
  }

  itemsOf(orderIds: readonly string[]): Promise<OrderItem[]> {
    return this.items.find({ where: { orderId: In([...orderIds]) }, order: { position: 'ASC', id: 'ASC' } });
  }

  invoicesOf(orderIds: readonly string[]): Promise<Invoice[]> {
    return this.invoices.findBy({ orderId: In([...orderIds]) });
  }

  /** Oldest first; at one instant in the order money moves: hold, charges, release, refunds. */
  async paymentsOf(orderIds: readonly string[]): Promise<Payment[]> {
    const rows = await this.payments.find({ where: { orderId: In([...orderIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const rank = (p: Payment) => PAYMENT_SEQUENCE.indexOf(p.kind);
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || rank(a) - rank(b));
  }

  shipmentsOf(orderIds: readonly string[]): Promise<Shipment[]> {
    return this.shipments.find({ where: { orderId: In([...orderIds]) }, order: { shipBy: 'ASC', id: 'ASC' } });
  }

  refundsOf(orderIds: readonly string[]): Promise<Refund[]> {
    return this.refunds.find({ where: { orderId: In([...orderIds]) }, order: { requestedAt: 'ASC', id: 'ASC' } });
  }

  /** O2: orders placed later for these orders' items (a Backup CD bought later), oldest first. */
  laterOrdersOf(orderIds: readonly string[]): Promise<Order[]> {
    return this.orders.find({ where: { relatedOrderId: In([...orderIds]) }, order: { placedAt: 'ASC', id: 'ASC' } });
  }

  /** O12: what each return takes back. */
  refundItemsOf(refundIds: readonly string[]): Promise<RefundItem[]> {
    return this.refundItems.find({ where: { refundId: In([...refundIds]) }, order: { id: 'ASC' } });
  }

  /** A6 preview: what the account holds here. */
  async holdings(accountId: string): Promise<OrderHolding[]> {
    const orders = await this.orders.find({ where: { accountId }, order: { placedAt: 'DESC', id: 'DESC' } });
    return orders.map((o) => ({ number: o.number, placedAt: o.placedAt.toISOString(), totalAmount: o.totalAmount, currencyCode: o.currency }));
  }

  /** A6, on the event: every order of the merged account moves to the surviving one. */
  async moveAccount(manager: EntityManager, from: string, to: string): Promise<number> {
    const result = await manager.update(Order, { accountId: from }, { accountId: to });
    return result.affected ?? 0;
  }

  /** The order if the caller may see it (the account that placed it, the holder of its token, or staff: O8), else null. */
  visible(identity: Identity, order: Order | null): Order | null {
    return order && canReadOrder(identity, order) ? order : null;
  }

  /**
   * One page of each account's orders, newest first, in one statement for any number of
   * accounts: ROW_NUMBER() per account over (placedAt, id) descending, keeping `first + 1`
   * rows to know whether a next page exists. Works on MySQL 8, MariaDB ≥ 10.2 and SQLite ≥ 3.25.
   */
  async pagesFor(accountIds: readonly string[], page: PageRequest): Promise<Map<string, OrderConnection>> {
    const result = new Map<string, OrderConnection>();
    for (const id of accountIds) result.set(id, emptyConnection(page));
    if (page.first === 0 || accountIds.length === 0) return result;

    const ranked = this.orders
      .createQueryBuilder('o')
      .select('o.id', 'rid')
      .addSelect('ROW_NUMBER() OVER (PARTITION BY o.accountId ORDER BY o.placedAt DESC, o.id DESC)', 'rn')
      .where('o.accountId IN (:...accountIds)', { accountIds: [...accountIds] });
    if (page.after) {
      ranked.andWhere('(o.placedAt < :afterAt OR (o.placedAt = :afterAt AND o.id < :afterId))', {
        afterAt: page.after.at,
        afterId: page.after.id,
      });
    }
    const rows = await this.orders
      .createQueryBuilder('order')
      .innerJoin(`(${ranked.getQuery()})`, 'ranked', 'ranked.rid = order.id')
      .where('ranked.rn <= :limit', { limit: page.first + 1 })
      .setParameters(ranked.getParameters())
      .orderBy('order.placedAt', 'DESC')
      .addOrderBy('order.id', 'DESC')
      .getMany();

    for (const order of rows) addToConnection(result.get(order.accountId!)!, page, order, { at: order.placedAt, id: order.id });
    return result;
  }
}
