import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { registerEnumType } from 'type-graphql';

/**
 * Payment methods as the customer enters them (O3): card rules (digits only, length, Luhn,
 * accepted networks by IIN range, expiry by the one clock, security code, holder), PayPal, wire
 * transfer, and the keyed digest of a card's last five digits for Quick Order Lookup (O8).
 *
 * The enums here are `as const` objects registered with type-graphql rather than TypeScript
 * `enum`s, so that callers may write either `CardNetwork.VISA` or the plain string 'VISA'.
 */

export const CardNetwork = {
  VISA: 'VISA',
  MASTERCARD: 'MASTERCARD',
  DISCOVER: 'DISCOVER',
  AMERICAN_EXPRESS: 'AMERICAN_EXPRESS',
  DINERS_CLUB: 'DINERS_CLUB',
  JCB: 'JCB',
} as const;
export type CardNetwork = (typeof CardNetwork)[keyof typeof CardNetwork];
registerEnumType(CardNetwork, {
  name: 'CardNetwork',
  description: 'The card networks the store accepts (O3), credit, debit, check and ATM cards alike.',
  valuesConfig: {
    VISA: { description: 'Visa.' },
    MASTERCARD: { description: 'MasterCard or EuroCard.' },
    DISCOVER: { description: 'Discover.' },
    AMERICAN_EXPRESS: { description: 'American Express.' },
    DINERS_CLUB: { description: 'Diners Club.' },
    JCB: { description: 'JCB.' },
  },
});

/** How a network's name is printed for a customer (order pages, invoices, e-mails). */
export const CARD_NETWORK_NAMES: Readonly<Record<CardNetwork, string>> = {
  VISA: 'Visa',
  MASTERCARD: 'MasterCard',
  DISCOVER: 'Discover',
  AMERICAN_EXPRESS: 'American Express',
  DINERS_CLUB: 'Diners Club',
  JCB: 'JCB',
};

export const PaymentProblem = {
  PAYMENT_METHOD_REQUIRED: 'PAYMENT_METHOD_REQUIRED',
  ONE_PAYMENT_METHOD: 'ONE_PAYMENT_METHOD',
  CARD_NUMBER_NOT_DIGITS: 'CARD_NUMBER_NOT_DIGITS',
  CARD_NUMBER_INVALID: 'CARD_NUMBER_INVALID',
  CARD_NETWORK_NOT_ACCEPTED: 'CARD_NETWORK_NOT_ACCEPTED',
  CARD_EXPIRY_INVALID: 'CARD_EXPIRY_INVALID',
  CARD_EXPIRED: 'CARD_EXPIRED',
  CARD_CVC_INVALID: 'CARD_CVC_INVALID',
  CARD_HOLDER_MISSING: 'CARD_HOLDER_MISSING',
  CARD_HOLDER_INVALID: 'CARD_HOLDER_INVALID',
  PAYPAL_EMAIL_INVALID: 'PAYPAL_EMAIL_INVALID',
} as const;
export type PaymentProblem = (typeof PaymentProblem)[keyof typeof PaymentProblem];
registerEnumType(PaymentProblem, {
  name: 'PaymentProblem',
  description: 'Why the payment details were refused before any money was asked for (O3). Nothing was charged or held.',
  valuesConfig: {
    PAYMENT_METHOD_REQUIRED: { description: 'No payment method was chosen (or wireTransfer was false).' },
    ONE_PAYMENT_METHOD: { description: 'More than one payment method was given; choose exactly one.' },
    CARD_NUMBER_NOT_DIGITS: { description: 'The card number holds spaces, dashes or other characters: digits only.' },
    CARD_NUMBER_INVALID: { description: 'The card number has the wrong length or fails the check digit.' },
    CARD_NETWORK_NOT_ACCEPTED: { description: 'The card belongs to a network the store does not accept.' },
    CARD_EXPIRY_INVALID: { description: 'The expiry month is not 1 to 12, or the year is not a plausible four-digit year.' },
    CARD_EXPIRED: { description: 'The card expired before this month.' },
    CARD_CVC_INVALID: { description: 'The security code is not 3 digits (4 for American Express).' },
    CARD_HOLDER_MISSING: { description: 'The cardholder name is empty.' },
    CARD_HOLDER_INVALID: { description: 'The cardholder name is longer than 100 characters or holds control characters.' },
    PAYPAL_EMAIL_INVALID: { description: 'The PayPal e-mail address is not an e-mail address.' },
  },
});

/** Bounds stated in the input descriptions (payment.types.ts) and enforced here. */
export const CARD_LIMITS = { holderNameMax: 100, emailMin: 3, emailMax: 254, expiryYearsAhead: 20 } as const;

/**
 * The secrets of each card in memory, outside the object itself: JSON, pino (whose redaction
 * copies objects before printing them), `util.inspect` and any copy of a CardDetails see only
 * what is safe to show, so no log line or error can carry a number or code by accident.
 */
const SECRETS = new WeakMap<CardDetails, { number: string; cvc: string; holderName: string }>();

/**
 * A card as entered, held in memory only for the call to the processor. Nothing stores this
 * object: the order keeps network and last digits, the processor a reusable reference.
 */
export class CardDetails {
  /** Safe to show (O9): the number's last four digits. */
  readonly last4: string;

  constructor(
    readonly network: CardNetwork,
    number: string,
    readonly expiryMonth: number,
    readonly expiryYear: number,
    cvc: string,
    holderName: string,
  ) {
    this.last4 = number.slice(-4);
    SECRETS.set(this, { number, cvc, holderName });
  }

  /** The full number: for the processor call alone. */
  get number(): string {
    return SECRETS.get(this)?.number as string;
  }

  /** The security code: for the processor call alone. */
  get cvc(): string {
    return SECRETS.get(this)?.cvc as string;
  }

  get holderName(): string {
    return SECRETS.get(this)?.holderName as string;
  }

  /** For Quick Order Lookup (O8): only its keyed digest is stored (`cardLast5Digest`). */
  get last5(): string {
    return SECRETS.get(this)?.number.slice(-5) as string;
  }

  toJSON(): Record<string, unknown> {
    return { network: this.network, last4: this.last4, expiryMonth: this.expiryMonth, expiryYear: this.expiryYear };
  }

  toString(): string {
    return `${CARD_NETWORK_NAMES[this.network]} ending ${this.last4}, expiring ${String(this.expiryMonth).padStart(2, '0')}/${this.expiryYear}`;
  }

  [inspect.custom](): string {
    return `CardDetails(${this.toString()})`;
  }
}

/** What `checkPayment` accepts: the GraphQL `PaymentInput`, or the same shape from a test. */
export interface PaymentInputLike {
  card?: CardInputLike | null;
  paypal?: { payerEmail: string } | null;
  wireTransfer?: boolean | null;
}

export interface CardInputLike {
  number: string;
  expiryMonth: number;
  expiryYear: number;
  cvc: string;
  holderName: string;
}

/** A payment method that passed every check; the card's raw details stay in memory only. */
export type CheckedPayment =
  | { kind: 'CARD'; network: CardNetwork; last4: string; last5: string; expiryMonth: number; expiryYear: number; card: CardDetails }
  | { kind: 'PAYPAL'; payerEmail: string }
  | { kind: 'WIRE_TRANSFER' };

export type PaymentCheck = { ok: true; method: CheckedPayment } | { ok: false; problem: PaymentProblem; message: string };

const ACCEPTED_NAMES = 'Visa, MasterCard, EuroCard, Discover, American Express, Diners Club and JCB';

/** What the customer reads for each problem: what is wrong and what to do. */
export const PAYMENT_PROBLEM_MESSAGES: Readonly<Record<PaymentProblem, string>> = {
  PAYMENT_METHOD_REQUIRED: 'Choose how to pay: a card, PayPal or wire transfer.',
  ONE_PAYMENT_METHOD: 'Choose one way to pay only: a card, PayPal or wire transfer.',
  // The store's own help page: "Enter your credit card number without any spaces or special characters."
  CARD_NUMBER_NOT_DIGITS: 'Enter your card number without any spaces, dashes or other characters: digits only, as one continuous string of numbers.',
  CARD_NUMBER_INVALID: 'This card number is not valid. Check the number on your card and enter it again.',
  CARD_NETWORK_NOT_ACCEPTED: `We accept ${ACCEPTED_NAMES} cards, including check and ATM cards of these networks. Please use one of them, or pay with PayPal.`,
  CARD_EXPIRY_INVALID: 'Enter the expiry month (1 to 12) and the four-digit expiry year shown on your card.',
  CARD_EXPIRED: 'This card has expired. Check the expiry date, or use another card.',
  CARD_CVC_INVALID: 'Enter the security code of your card: the 3 digits on the back (4 digits on the front for American Express).',
  CARD_HOLDER_MISSING: 'Enter the cardholder name as it appears on your card.',
  CARD_HOLDER_INVALID: `Enter the cardholder name as it appears on your card, in at most ${CARD_LIMITS.holderNameMax} characters.`,
  PAYPAL_EMAIL_INVALID: 'Enter the e-mail address of your PayPal account.',
};

/**
 * Issuer identification number ranges of the accepted networks (ISO/IEC 7812 prefixes as the
 * networks publish them), with the lengths each network issues. Debit, check and ATM cards of
 * these networks use the same ranges (O3). Anything else — UnionPay (62), Maestro (50, 56–58,
 * 6759…), Mir (2200–2204), RuPay… — is a network the store does not accept.
 */
interface IinRange {
  network: CardNetwork;
  /** How many leading digits the range compares. */
  digits: number;
  from: number;
  to: number;
}

const IIN_RANGES: readonly IinRange[] = [
  { network: 'VISA', digits: 1, from: 4, to: 4 },
  { network: 'MASTERCARD', digits: 2, from: 51, to: 55 },
  { network: 'MASTERCARD', digits: 4, from: 2221, to: 2720 },
  { network: 'AMERICAN_EXPRESS', digits: 2, from: 34, to: 34 },
  { network: 'AMERICAN_EXPRESS', digits: 2, from: 37, to: 37 },
  { network: 'DISCOVER', digits: 4, from: 6011, to: 6011 },
  { network: 'DISCOVER', digits: 3, from: 644, to: 649 },
  { network: 'DISCOVER', digits: 2, from: 65, to: 65 },
  { network: 'DINERS_CLUB', digits: 3, from: 300, to: 305 },
  { network: 'DINERS_CLUB', digits: 4, from: 3095, to: 3095 },
  { network: 'DINERS_CLUB', digits: 2, from: 36, to: 36 },
  { network: 'DINERS_CLUB', digits: 2, from: 38, to: 39 },
  { network: 'JCB', digits: 4, from: 3528, to: 3589 },
];

const NETWORK_LENGTHS: Readonly<Record<CardNetwork, readonly number[]>> = {
  VISA: [13, 16, 19],
  MASTERCARD: [16],
  AMERICAN_EXPRESS: [15],
  DISCOVER: [16, 17, 18, 19],
  DINERS_CLUB: [14, 15, 16, 17, 18, 19],
  JCB: [16, 17, 18, 19],
};

/** ISO/IEC 7812: payment card numbers have 12 to 19 digits. */
const PAN_LENGTH = { min: 12, max: 19 };

const DIGITS = /^[0-9]+$/;

/** The accepted network a number belongs to by its leading digits, or null. */
export function cardNetworkOf(number: string): CardNetwork | null {
  for (const range of IIN_RANGES) {
    if (number.length < range.digits) continue;
    const prefix = Number(number.slice(0, range.digits));
    if (prefix >= range.from && prefix <= range.to) return range.network;
  }
  return null;
}

/** The Luhn (mod 10) check digit test every card number passes. */
export function luhnValid(number: string): boolean {
  if (!DIGITS.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Number of digits of the security code (CVV2, CVC2, CID) of a network. */
export function cvcLength(network: CardNetwork): number {
  return network === 'AMERICAN_EXPRESS' ? 4 : 3;
}

/**
 * Whether a card with this expiry can still be used at `now`: a card is valid through the last
 * day of its expiry month. Months are counted in UTC, the one clock's time.
 */
export function cardExpired(expiryMonth: number, expiryYear: number, now: Date): boolean {
  return expiryYear * 12 + (expiryMonth - 1) < now.getUTCFullYear() * 12 + now.getUTCMonth();
}

type NumberCheck = { ok: true; network: CardNetwork } | { ok: false; problem: PaymentProblem };

/** Digits only, then length and check digit, then an accepted network. */
export function checkCardNumber(number: string): NumberCheck {
  if (number.length === 0) return { ok: false, problem: 'CARD_NUMBER_INVALID' };
  if (!DIGITS.test(number)) return { ok: false, problem: 'CARD_NUMBER_NOT_DIGITS' };
  const network = cardNetworkOf(number);
  if (network === null) {
    const plausible = number.length >= PAN_LENGTH.min && number.length <= PAN_LENGTH.max && luhnValid(number);
    return { ok: false, problem: plausible ? 'CARD_NETWORK_NOT_ACCEPTED' : 'CARD_NUMBER_INVALID' };
  }
  if (!NETWORK_LENGTHS[network].includes(number.length) || !luhnValid(number)) return { ok: false, problem: 'CARD_NUMBER_INVALID' };
  return { ok: true, network };
}

function refuse(problem: PaymentProblem, message = PAYMENT_PROBLEM_MESSAGES[problem]): PaymentCheck {
  return { ok: false, problem, message };
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Every check of a card as entered, in the order a customer fixes them. */
export function checkCard(input: CardInputLike, now: Date): PaymentCheck {
  const number = checkCardNumber(input.number);
  if (!number.ok) return refuse(number.problem);
  const { network } = number;

  const { expiryMonth, expiryYear } = input;
  const latestYear = now.getUTCFullYear() + CARD_LIMITS.expiryYearsAhead;
  if (!Number.isInteger(expiryMonth) || expiryMonth < 1 || expiryMonth > 12) return refuse('CARD_EXPIRY_INVALID');
  if (!Number.isInteger(expiryYear) || expiryYear < 2000 || expiryYear > latestYear) return refuse('CARD_EXPIRY_INVALID');
  if (cardExpired(expiryMonth, expiryYear, now)) return refuse('CARD_EXPIRED');

  const cvcDigits = cvcLength(network);
  if (!DIGITS.test(input.cvc) || input.cvc.length !== cvcDigits) {
    return refuse(
      'CARD_CVC_INVALID',
      network === 'AMERICAN_EXPRESS'
        ? 'Enter the security code of your American Express card: the 4 digits printed on the front.'
        : 'Enter the security code of your card: the 3 digits on the back.',
    );
  }

  const holderName = input.holderName.trim();
  if (holderName.length === 0) return refuse('CARD_HOLDER_MISSING');
  if (holderName.length > CARD_LIMITS.holderNameMax || CONTROL_CHARACTERS.test(holderName)) return refuse('CARD_HOLDER_INVALID');

  const card = new CardDetails(network, input.number, expiryMonth, expiryYear, input.cvc, holderName);
  return { ok: true, method: { kind: 'CARD', network, last4: card.last4, last5: card.last5, expiryMonth, expiryYear, card } };
}

/** A deliberately plain shape test: PayPal itself is the judge of the account. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkPayPal(input: { payerEmail: string }): PaymentCheck {
  const payerEmail = input.payerEmail.trim();
  if (payerEmail.length < CARD_LIMITS.emailMin || payerEmail.length > CARD_LIMITS.emailMax || !EMAIL.test(payerEmail)) {
    return refuse('PAYPAL_EMAIL_INVALID');
  }
  return { ok: true, method: { kind: 'PAYPAL', payerEmail } };
}

/**
 * The payment of a checkout (O3): exactly one of a card, a PayPal account, or
 * `wireTransfer: true`. Two at once, none, or `wireTransfer: false` is refused, as GraphQL's
 * one-of inputs are: a present `false` still counts as a choice. Whether wire transfer suits
 * the order (never with the Auto-Renewal Plan) is the checkout's rule, not this one's.
 */
export function checkPayment(input: PaymentInputLike, now: Date): PaymentCheck {
  const given = [input.card, input.paypal, input.wireTransfer].filter((v) => v !== undefined && v !== null).length;
  if (given > 1) return refuse('ONE_PAYMENT_METHOD');
  if (input.card) return checkCard(input.card, now);
  if (input.paypal) return checkPayPal(input.paypal);
  if (input.wireTransfer === true) return { ok: true, method: { kind: 'WIRE_TRANSFER' } };
  return refuse('PAYMENT_METHOD_REQUIRED');
}

const LAST5 = /^[0-9]{5}$/;

export function isCardLast5(value: string): boolean {
  return LAST5.test(value);
}

/**
 * The stored form of a card's last five digits, for Quick Order Lookup by e-mail and those
 * digits (O8): HMAC-SHA-256 under the server key CARD_DIGEST_KEY. Five digits have only
 * 100,000 values, so a plain hash would give them away to anyone holding a copy of the
 * database; the key, kept out of the database, is what protects them.
 */
export function cardLast5Digest(last5: string, key: string): string {
  if (!isCardLast5(last5)) throw new RangeError('cardLast5Digest takes exactly five digits');
  if (!key) throw new RangeError('cardLast5Digest needs the CARD_DIGEST_KEY');
  return createHmac('sha256', key).update(`card-last5:${last5}`).digest('hex');
}
