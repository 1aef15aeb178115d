import { create as contentDisposition } from 'content-disposition';
import type { IncomingHttpHeaders } from 'node:http';
import type { DataSource, Repository } from 'typeorm';
import type { StreamReply } from '../../../kernel/ranged-reply';
import { refusal, type FileLinks } from '../downloads/file-links';
import { OrderItem } from '../orders/order-item.entity';
import { Order } from '../orders/order.entity';
import { PaymentKind } from '../orders/payment-method.type';
import type { Seller } from '../orders/seller';
import { Invoice } from './invoice.entity';
import { renderInvoicePdf, type InvoiceDocument } from './invoice-pdf';

/** How an order was paid, as an invoice prints it: network and last four digits only (O9, O13). */
export function paidWith(order: Pick<Order, 'paymentKind' | 'cardBrand' | 'cardLast4'>): string {
  if (order.paymentKind === PaymentKind.CARD) return `${order.cardBrand ?? 'Card'} ending in ${order.cardLast4 ?? '••••'}`;
  return order.paymentKind === PaymentKind.PAYPAL ? 'PayPal' : 'Wire transfer';
}

/** O13: the invoice PDF behind its signed link (`Invoice.pdfUrl`), made when it is asked for. */
export class InvoicePdfService {
  private readonly invoices: Repository<Invoice>;
  private readonly orders: Repository<Order>;
  private readonly items: Repository<OrderItem>;

  constructor(
    dataSource: DataSource,
    private readonly links: FileLinks,
    private readonly seller: Seller,
  ) {
    this.invoices = dataSource.getRepository(Invoice);
    this.orders = dataSource.getRepository(Order);
    this.items = dataSource.getRepository(OrderItem);
  }

  async document(orderId: string, masked: boolean): Promise<InvoiceDocument | null> {
    const [invoice, order, items] = await Promise.all([
      this.invoices.findOneBy({ orderId }),
      this.orders.findOneBy({ id: orderId }),
      this.items.find({ where: { orderId }, order: { position: 'ASC', id: 'ASC' } }),
    ]);
    if (!invoice || !order) return null;
    return {
      number: invoice.number,
      issuedAt: invoice.issuedAt,
      orderNumber: order.number,
      // The seller of record as configured now (SELLER_*); the invoice row keeps the name it was issued under.
      seller: { name: invoice.seller, address: this.seller.address, vatNumber: this.seller.vatNumber },
      billing: invoice.billingAddress,
      currency: invoice.currency,
      lines: items.map((item) => ({ product: item.productName, quantity: item.quantity, unitPrice: item.unitPriceAmount, tax: item.taxAmount, total: item.totalAmount })),
      subtotal: order.subtotalAmount,
      shipping: order.shippingAmount,
      tax: invoice.taxAmount,
      total: invoice.totalAmount,
      taxIncluded: order.taxIncluded,
      paidWith: paidWith(order),
      chargeDescriptor: order.paymentKind === PaymentKind.WIRE_TRANSFER ? '' : order.chargeDescriptor,
      masked,
    };
  }

  /** GET (or HEAD) of an invoice link. */
  async serve(request: { method: string; url: string; headers: IncomingHttpHeaders }): Promise<StreamReply> {
    const link = this.links.verify(request.url);
    if ('status' in link) return link;
    if (link.kind !== 'invoice') return refusal(403, 'LINK_INVALID', 'This link is not valid. Open your order again for a working one.');
    const document = await this.document(link.orderId, link.masked);
    if (!document) return refusal(404, 'NOT_AVAILABLE', 'This invoice is not available.');
    const pdf = await renderInvoicePdf(document);
    return {
      status: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-length': String(pdf.length),
        'content-disposition': contentDisposition(`${document.number}.pdf`, { type: 'inline' }),
        'cache-control': 'private, no-transform',
      },
      body: request.method === 'HEAD' ? null : pdf,
    };
  }
}
