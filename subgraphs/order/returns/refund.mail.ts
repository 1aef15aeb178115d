import type { Mail } from '../../../kernel/mail';
import type { Order } from '../orders/order.entity';
import type { Refund } from './refund.entity';
import { RefundState } from './refund.entity';

function amount(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '');

/** What each state of a refund tells the customer (O12). Never a card number: network and last 4 at most. */
export function refundMail(order: Order, refund: Refund, state: RefundState): Mail {
  const sum = amount(refund.amountMinor, refund.currency);
  const paidWith = order.cardLast4 ? `your ${order.cardBrand ?? 'card'} ending in ${order.cardLast4}` : order.paymentKind === 'PAYPAL' ? 'your PayPal account' : 'the account you paid from';
  const what = refund.kind === 'TAX_EXEMPTION' ? 'the tax of your order' : 'your return';
  const lines: Record<RefundState, string[]> = {
    [RefundState.AWAITING_LETTER_OF_DESTRUCTION]: [
      `We received your return request for order ${order.number} (${sum}).`,
      'Your order includes a physical item: please accept the Electronic Letter of Destruction on the order page.',
      'We start your refund as soon as you accept it.',
    ],
    [RefundState.REQUESTED]: [`We are processing the refund of ${what} for order ${order.number} (${sum}).`],
    [RefundState.INITIATED]: [
      `We have refunded ${sum} for ${what} on order ${order.number} to ${paidWith}.`,
      `It is credited within 5 to 7 business days, by ${day(refund.expectedCreditBy)} at the latest.`,
    ],
    [RefundState.CREDITED]: [`The refund of ${sum} for order ${order.number} has been credited to ${paidWith}.`],
    [RefundState.FAILED]: [
      `We could not refund ${sum} for order ${order.number} to ${paidWith}.`,
      'Customer service will contact you to pay it back another way; quote your order number.',
    ],
  };
  return { to: order.email!, subject: `Your refund for order ${order.number}`, text: [...lines[state], '', 'You can follow your refund on the order page (Quick Order Lookup).'].join('\n') };
}
