import { randomInt } from 'node:crypto';
import { registerEnumType } from 'type-graphql';

/**
 * Declines (O4): why the processor said no, what the customer should do about it, and the error
 * number they can quote to customer service ("When you contact Customer Service you may be asked
 * for any error message numbers you received").
 */
export const DeclineReason = {
  EXPIRED_CARD: 'EXPIRED_CARD',
  CREDIT_LIMIT_REACHED: 'CREDIT_LIMIT_REACHED',
  DAILY_LIMIT_EXCEEDED: 'DAILY_LIMIT_EXCEEDED',
  PROCESSING_ERROR: 'PROCESSING_ERROR',
  ADDRESS_MISMATCH: 'ADDRESS_MISMATCH',
  PAYPAL_DECLINED: 'PAYPAL_DECLINED',
  DECLINED: 'DECLINED',
} as const;
export type DeclineReason = (typeof DeclineReason)[keyof typeof DeclineReason];
registerEnumType(DeclineReason, {
  name: 'DeclineReason',
  description: 'Why the payment processor declined a payment (O4).',
  valuesConfig: {
    EXPIRED_CARD: { description: 'The card has expired.' },
    CREDIT_LIMIT_REACHED: { description: 'The card has reached or exceeded its credit limit.' },
    DAILY_LIMIT_EXCEEDED: { description: 'The card has exceeded its daily charge limit.' },
    PROCESSING_ERROR: { description: 'A technical problem at either end of the transaction; trying again later may work.' },
    ADDRESS_MISMATCH: { description: "The billing address does not match the card issuer's record (the address check)." },
    PAYPAL_DECLINED: { description: 'PayPal declined the payment.' },
    DECLINED: { description: 'The issuer declined the card without giving a reason.' },
  },
});

const HELP = 'If you need help, contact Customer Service and quote error number';

/** What each reason tells the customer to do; the error number follows. */
export const DECLINE_MESSAGES: Readonly<Record<DeclineReason, string>> = {
  EXPIRED_CARD: 'Your card was declined because it has expired. Check the expiry date, or pay with another card or PayPal.',
  CREDIT_LIMIT_REACHED:
    'Your card was declined because it has reached its credit limit. Pay with another card or PayPal, or ask your card issuer to raise the limit.',
  DAILY_LIMIT_EXCEEDED:
    'Your card was declined because it has exceeded its daily charge limit. Try again tomorrow, pay with another card or PayPal, or contact your card issuer.',
  PROCESSING_ERROR:
    'We could not complete the payment because of a technical problem at our end or at your card issuer. Nothing was charged; please try again in a few minutes.',
  ADDRESS_MISMATCH:
    'Your card was declined because the billing address does not match the one your card issuer has. Enter your billing address exactly as it appears on your card statement.',
  PAYPAL_DECLINED: 'PayPal declined the payment. Check your PayPal account, or pay with a card.',
  DECLINED: 'Your card was declined by its issuer. Contact your card issuer, or pay with another card or PayPal.',
};

/** The customer's message for a decline, ending with the error number to quote. */
export function declineMessage(reason: DeclineReason, errorNumber: string): string {
  return `${DECLINE_MESSAGES[reason]} ${HELP} ${errorNumber}.`;
}

/**
 * Crockford's base-32 alphabet: digits and capitals without I, L, O and U, so that what a
 * customer reads out over the phone cannot be mistaken (O/0, I/1/L) and spells no words.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ERROR_NUMBER = /^PD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/**
 * A new error number, e.g. PD-7K3Q-9XW2: 40 random bits, so numbers do not collide in practice
 * and say nothing about the order or the card. The checkout stores it with the attempt.
 */
export function newErrorNumber(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `PD-${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * An error number as support types it in, made canonical: any case, spaces or missing dashes,
 * and the look-alikes Crockford maps (O→0, I and L→1). Null when it cannot be one.
 */
export function normalizeErrorNumber(input: string): string | null {
  const plain = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/^PD/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const candidate = `PD-${plain.slice(0, 4)}-${plain.slice(4)}`;
  return plain.length === 8 && ERROR_NUMBER.test(candidate) ? candidate : null;
}
