import { randomUUID } from 'node:crypto';
import { insertRows } from '../../../kernel/db';
import type { EntityManager } from 'typeorm';
import { isDuplicateKey } from '../../../kernel/db';
import type { Order } from '../orders/order.entity';
import { InvoiceCounter } from './invoice-counter.entity';
import { Invoice } from './invoice.entity';

/**
 * O13: every order gets its invoice when it is placed, numbered in one sequence per seller and
 * year without gaps: the number is taken in the order's own transaction (the counter row stays
 * locked until it commits), so an order that rolls back gives its number back.
 */
export class InvoiceService {
  constructor(private readonly seller: string) {}

  async issue(manager: EntityManager, order: Order): Promise<Invoice> {
    const year = order.placedAt.getUTCFullYear();
    const sequence = await this.next(manager, String(year));
    const billing = order.billingAddressData!;
    const invoice = Object.assign(new Invoice(), {
      id: randomUUID(),
      orderId: order.id,
      number: `INV-${year}-${String(sequence).padStart(6, '0')}`,
      issuedAt: order.placedAt,
      seller: this.seller,
      billingName: billing.name,
      billingLine1: billing.line1,
      billingLine2: billing.line2,
      billingCity: billing.city,
      billingRegion: billing.region,
      billingPostalCode: billing.postalCode,
      billingCountry: billing.country,
      currency: order.currency,
      subtotalAmount: order.subtotalAmount + order.shippingAmount,
      taxAmount: order.taxAmount,
      totalAmount: order.totalAmount,
    });
    await insertRows(manager, Invoice, invoice);
    return invoice;
  }

  /** The next number of a series: an increment the transaction holds until it commits. */
  private async next(manager: EntityManager, series: string, retry = true): Promise<number> {
    const bumped = await manager.createQueryBuilder().update(InvoiceCounter).set({ next: () => '`next` + 1' }).where({ series }).execute();
    if (bumped.affected === 1) return (await manager.findOneByOrFail(InvoiceCounter, { series })).next - 1;
    try {
      await insertRows(manager, InvoiceCounter, { series, next: 2 });
      return 1;
    } catch (error) {
      // Two first invoices of a year at once: the other created the counter; take the next number.
      if (retry && isDuplicateKey(error)) return this.next(manager, series, false);
      throw error;
    }
  }
}
