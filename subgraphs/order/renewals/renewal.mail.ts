import type { Mail } from '../../../kernel/mail';
import { DECLINE_MESSAGES, type DeclineReason } from '../payments/declines';

/** The e-mails of Auto-Renewal (S3) and of failed renewals (S7). Never a card number: network and last four digits at most. */

function amount(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}

function day(at: Date): string {
  return at.toISOString().slice(0, 10);
}

const BY_HAND = 'To renew now with another card, open your products in the customer portal and choose "Renew Subscription".';

export interface RenewalMailFacts {
  to: string;
  productName: string;
  serialNumber: string;
  amountMinor: number;
  currency: string;
  /** e.g. "Visa ending in 4242". */
  paidWith: string;
}

/** S3: before each renewal, with the amount and the date. */
export function reminderMail(facts: RenewalMailFacts, chargeAt: Date, termEnd: Date): Mail {
  return {
    to: facts.to,
    subject: `Your ${facts.productName} renews on ${day(chargeAt)}`,
    text: [
      `Your ${facts.productName} subscription (serial number ${facts.serialNumber}) is on the Auto-Renewal Plan.`,
      '',
      `On ${day(chargeAt)} we will charge ${amount(facts.amountMinor, facts.currency)} to ${facts.paidWith} and extend it beyond ${day(termEnd)}.`,
      'You keep the same activation code; there is nothing to do.',
      '',
      'To stop the renewal, choose "Disable Auto-renew now" on your products in the customer portal, or "Cancel Auto-Renewal" on the order. ' + BY_HAND,
    ].join('\n'),
  };
}

/** S3: after a successful renewal. */
export function renewedMail(facts: RenewalMailFacts, orderNumber: string, expiresAt: Date): Mail {
  return {
    to: facts.to,
    subject: `Your ${facts.productName} was renewed`,
    text: [
      `Your ${facts.productName} subscription (serial number ${facts.serialNumber}) was renewed until ${day(expiresAt)}.`,
      '',
      `Charged: ${amount(facts.amountMinor, facts.currency)} to ${facts.paidWith}. Order number: ${orderNumber} (the invoice is on the order).`,
      'Your activation code stays the same.',
    ].join('\n'),
  };
}

/** S7: a declined renewal charge: why, and what happens next. */
export function declinedMail(facts: RenewalMailFacts, reason: DeclineReason, errorNumber: string, retryAt: Date | null, lapsesAt: Date): Mail {
  const next = retryAt
    ? `We will try again on ${day(retryAt)}. Your license keeps working until the last try.`
    : `This was the last try: your license expires on ${day(lapsesAt)}.`;
  return {
    to: facts.to,
    subject: `We could not renew your ${facts.productName}`,
    text: [
      `The renewal of your ${facts.productName} subscription (serial number ${facts.serialNumber}) for ${amount(facts.amountMinor, facts.currency)} to ${facts.paidWith} was declined.`,
      '',
      `${DECLINE_MESSAGES[reason]} Error number: ${errorNumber}.`,
      '',
      next,
      BY_HAND,
    ].join('\n'),
  };
}
