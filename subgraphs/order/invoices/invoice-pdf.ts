import path from 'node:path';
import PDFDocument from 'pdfkit';
import { maskAddress } from '../../../kernel/masking';
import type { PostalAddressData } from '../orders/address.type';
import type { Seller } from '../orders/seller';

/** Everything an invoice prints (O13): a frozen copy of the order's figures, in minor units. */
export interface InvoiceDocument {
  number: string;
  issuedAt: Date;
  orderNumber: string;
  seller: Pick<Seller, 'name' | 'address' | 'vatNumber'>;
  billing: PostalAddressData;
  currency: string;
  lines: Array<{ product: string; quantity: number; unitPrice: number; tax: number; total: number }>;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  /** EU VAT included in the prices, or US sales tax added to them (O6). */
  taxIncluded: boolean;
  /** How it was paid, as safe to print: "Visa ending in 4242", "PayPal", "Wire transfer". */
  paidWith: string;
  chargeDescriptor: string;
  /** An analyst's copy: names and address masked (O9). */
  masked: boolean;
}

/**
 * DejaVu Sans (the `dejavu-fonts-ttf` package, a free license): one embedded font that writes
 * Latin, Greek and Cyrillic names and addresses as customers typed them, which the PDF
 * standard fonts (Latin-1 only) cannot. pdfkit embeds only the glyphs a document uses.
 */
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = path.join(FONT_DIR, 'DejaVuSans.ttf');
const BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf');

function amount(minor: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' }).format(minor / 100).replace(/\u00a0/g, ' ');
}

function day(date: Date): string {
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}

function addressLines(address: PostalAddressData): string[] {
  const cityLine = [address.city, [address.region, address.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [address.name, address.line1, address.line2, cityLine, address.country].filter((line): line is string => Boolean(line));
}

/**
 * O13: the invoice as a PDF a customer prints: the seller of record (legal name, address, VAT
 * number), the invoice number and date, the billing address, the lines (product, quantity, unit
 * price, tax, total), shipping, tax and total, and the payment method (network and last four
 * digits only). One A4 page for an ordinary order; long orders continue on further pages.
 * Made with pdfkit, into memory: a one-page invoice is a few tens of kilobytes.
 */
export function renderInvoicePdf(invoice: InvoiceDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${invoice.number}`, Author: invoice.seller.name, Subject: `Order ${invoice.orderNumber}`, CreationDate: invoice.issuedAt, ModDate: invoice.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const money = (minor: number) => amount(minor, invoice.currency);
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  const width = right - left;

  // Seller of record, and the invoice's own facts on the right.
  doc.font('bold').fontSize(20).text('Invoice', left, 50);
  doc.font('bold').fontSize(10).text(invoice.seller.name, left, 84, { width: width * 0.55 });
  doc.font('regular').fontSize(9).text(invoice.seller.address, { width: width * 0.55 });
  doc.text(`VAT number: ${invoice.seller.vatNumber}`, { width: width * 0.55 });
  const facts: Array<[string, string]> = [
    ['Invoice number', invoice.number],
    ['Invoice date', day(invoice.issuedAt)],
    ['Order number', invoice.orderNumber],
  ];
  let y = 84;
  for (const [label, value] of facts) {
    doc.font('regular').fontSize(9).text(label, left + width * 0.6, y, { width: width * 0.18 });
    doc.font('bold').text(value, left + width * 0.78, y, { width: width * 0.22, align: 'right' });
    y += 14;
  }

  // Bill to.
  const billing = invoice.masked ? maskAddress(invoice.billing) : invoice.billing;
  y = Math.max(doc.y, y) + 24;
  doc.font('bold').fontSize(10).text('Bill to', left, y);
  doc.font('regular').fontSize(10).text(addressLines(billing).join('\n'), left, doc.y + 2, { width: width * 0.55 });

  // The lines.
  const columns = [
    { title: 'Product', x: left, w: width * 0.42, align: 'left' as const },
    { title: 'Qty', x: left + width * 0.42, w: width * 0.08, align: 'right' as const },
    { title: 'Unit price', x: left + width * 0.5, w: width * 0.17, align: 'right' as const },
    { title: invoice.taxIncluded ? 'VAT incl.' : 'Tax', x: left + width * 0.67, w: width * 0.15, align: 'right' as const },
    { title: 'Total', x: left + width * 0.82, w: width * 0.18, align: 'right' as const },
  ];
  const bottom = doc.page.height - doc.page.margins.bottom;
  const header = (top: number) => {
    doc.font('bold').fontSize(9);
    for (const c of columns) doc.text(c.title, c.x, top, { width: c.w, align: c.align });
    doc.moveTo(left, top + 14).lineTo(right, top + 14).lineWidth(0.5).stroke();
    return top + 20;
  };
  y = header(doc.y + 24);
  doc.font('regular').fontSize(9);
  for (const line of invoice.lines) {
    const cells = [line.product, String(line.quantity), money(line.unitPrice), money(line.tax), money(line.total)];
    const height = Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: columns[i].w })));
    if (y + height > bottom - 120) {
      doc.addPage();
      y = header(doc.page.margins.top);
      doc.font('regular').fontSize(9);
    }
    cells.forEach((text, i) => doc.text(text, columns[i].x, y, { width: columns[i].w, align: columns[i].align }));
    y += height + 6;
  }
  doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).stroke();
  y += 8;

  // Totals.
  const totals: Array<[string, string, boolean]> = [
    ['Subtotal', money(invoice.subtotal), false],
    ...(invoice.shipping > 0 ? [['Shipping', money(invoice.shipping), false] as [string, string, boolean]] : []),
    [invoice.taxIncluded ? 'Included VAT' : 'Sales tax', money(invoice.tax), false],
    ['Total', money(invoice.total), true],
  ];
  for (const [label, value, strong] of totals) {
    doc.font(strong ? 'bold' : 'regular').fontSize(strong ? 11 : 9);
    doc.text(label, left + width * 0.5, y, { width: width * 0.32, align: 'right' });
    doc.text(value, left + width * 0.82, y, { width: width * 0.18, align: 'right' });
    y += strong ? 18 : 14;
  }

  // How it was paid.
  y += 16;
  doc.font('bold').fontSize(10).text('Payment', left, y);
  doc.font('regular').fontSize(9).text(`Paid with: ${invoice.paidWith}`, left, doc.y + 2);
  if (invoice.chargeDescriptor) doc.text(`Your statement shows the charge as "${invoice.chargeDescriptor}".`);
  doc.text(invoice.taxIncluded ? 'Prices include VAT at the rate of the country of supply.' : 'Sales tax is added to the prices where the state of delivery levies it.');
  doc.end();
  return done;
}
