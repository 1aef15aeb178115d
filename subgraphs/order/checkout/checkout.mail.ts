import type { Mail } from '../../../kernel/mail';
import type { Order } from '../orders/order.entity';
import type { OrderPlan } from '../orders/order-placement';

function amount(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}

/** How the order was paid, as safe to print: network and last four digits only (O9). */
export function cardDetailsLine(plan: OrderPlan): string {
  const p = plan.payment;
  if (p.kind === 'CARD') return `${p.cardBrand} ending in ${p.cardLast4}`;
  if (p.kind === 'PAYPAL') return 'PayPal';
  return 'Wire transfer';
}

/**
 * O8: the confirmation e-mail: order number, items, total, the order password, and how to look
 * the order up. Never the card number.
 */
export function confirmationMail(order: Order, plan: OrderPlan, password: string, paidWith: string, wire?: { bank: string; reference: string; dueBy: Date }): Mail {
  const lines = plan.lines.map((l) => {
    const quoted = plan.quote.lines.find((q) => q.id === l.id)!;
    return `  ${l.quantity} × ${l.product.name}${l.autoRenew ? ' (Auto-Renewal Plan)' : ''}: ${amount(quoted.totalAmount, order.currency)}`;
  });
  const paying = order.authorizationId
    ? [
        `Paid with: ${paidWith}. The total is pre-authorized now; downloads are charged tomorrow, physical items when they ship.`,
        `The charge appears on your statement as "${order.chargeDescriptor}".`,
      ]
    : wire
      ? [`Please transfer ${amount(order.totalAmount, order.currency)} by ${wire.dueBy.toISOString().slice(0, 10)}:`, wire.bank, `Reference: ${wire.reference}`, 'Your order is delivered once the money arrives.']
      : [`Paid with: ${paidWith}.`];
  return {
    to: order.email!,
    subject: `Your order ${order.number}`,
    text: [
      'Thank you for your order.',
      '',
      `Order number: ${order.number}`,
      `Order password: ${password}`,
      '',
      ...lines,
      order.shippingAmount > 0 ? `  Shipping: ${amount(order.shippingAmount, order.currency)}` : null,
      `  ${order.taxIncluded ? 'Included VAT' : 'Tax'}: ${amount(order.taxAmount, order.currency)}`,
      `  Total: ${amount(order.totalAmount, order.currency)}`,
      '',
      ...paying,
      '',
      'To see your order, download your products, print the invoice or request a return, use Quick Order Lookup',
      'with your order number and order password (or your e-mail address and the last 5 digits of your card).',
      'Keep this e-mail: it holds your order password.',
    ]
      .filter((line) => line !== null)
      .join('\n'),
  };
}
