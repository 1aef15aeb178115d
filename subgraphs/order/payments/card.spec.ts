import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { createLogger, type Logger } from '../../../kernel/logger';
import {
  CardDetails,
  PAYMENT_PROBLEM_MESSAGES,
  cardExpired,
  cardLast5Digest,
  cardNetworkOf,
  checkCard,
  checkCardNumber,
  checkPayment,
  luhnValid,
  type CardInputLike,
  type CardNetwork,
  type PaymentCheck,
} from './card';
import { CardInput } from './payment.types';

/** A Luhn-valid number of `length` digits starting with `prefix` (the rest zeros, then the check digit). */
function cardNumber(prefix: string, length: number): string {
  const body = prefix.padEnd(length - 1, '0');
  for (let digit = 0; digit <= 9; digit++) if (luhnValid(`${body}${digit}`)) return `${body}${digit}`;
  throw new Error('unreachable');
}

const NOW = new Date('2026-11-18T09:00:00.000Z');
const visa: CardInputLike = { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030, cvc: '739', holderName: 'Dana Scully' };
const amex: CardInputLike = { number: '378282246310005', expiryMonth: 12, expiryYear: 2030, cvc: '7391', holderName: 'Dana Scully' };

function problemOf(check: PaymentCheck): string | null {
  return check.ok ? null : check.problem;
}

describe('card numbers (O3)', () => {
  it('the Luhn check accepts valid numbers and refuses a changed digit', () => {
    for (const n of ['4242424242424242', '378282246310005', '30569309025904', '6011111111111117', '79927398713']) expect(luhnValid(n)).toBe(true);
    for (const n of ['4242424242424241', '378282246310006', '79927398710', '42a2']) expect(luhnValid(n)).toBe(false);
  });

  it.each<[string, string, number, CardNetwork | null]>([
    ['Visa', '4', 16, 'VISA'],
    ['Visa, 13 digits', '4', 13, 'VISA'],
    ['Visa, 19 digits', '4', 19, 'VISA'],
    ['MasterCard 51', '51', 16, 'MASTERCARD'],
    ['MasterCard 55', '55', 16, 'MASTERCARD'],
    ['MasterCard 2-series, first (2221)', '2221', 16, 'MASTERCARD'],
    ['MasterCard 2-series, last (2720)', '2720', 16, 'MASTERCARD'],
    ['below the 2-series (2220)', '2220', 16, null],
    ['above the 2-series (2721)', '2721', 16, null],
    ['Mir (2200)', '2200', 16, null],
    ['Maestro (50)', '5018', 16, null],
    ['Maestro (56)', '56', 16, null],
    ['Maestro (6759)', '6759', 16, null],
    ['American Express 34', '34', 15, 'AMERICAN_EXPRESS'],
    ['American Express 37', '37', 15, 'AMERICAN_EXPRESS'],
    ['Discover 6011', '6011', 16, 'DISCOVER'],
    ['Discover 644 (first of 644–649)', '644', 16, 'DISCOVER'],
    ['Discover 649 (last of 644–649)', '649', 19, 'DISCOVER'],
    ['below Discover 644 (643)', '643', 16, null],
    ['Discover 65', '65', 16, 'DISCOVER'],
    ['not Discover (6012)', '6012', 16, null],
    ['UnionPay (62)', '62', 16, null],
    ['Diners Club 300', '300', 14, 'DINERS_CLUB'],
    ['Diners Club 305', '305', 14, 'DINERS_CLUB'],
    ['not Diners Club (306)', '306', 14, null],
    ['Diners Club 3095', '3095', 14, 'DINERS_CLUB'],
    ['Diners Club 36', '36', 14, 'DINERS_CLUB'],
    ['Diners Club 38', '38', 16, 'DINERS_CLUB'],
    ['Diners Club 39', '39', 16, 'DINERS_CLUB'],
    ['JCB 3528 (first)', '3528', 16, 'JCB'],
    ['JCB 3589 (last)', '3589', 16, 'JCB'],
    ['below JCB (3527)', '3527', 16, null],
    ['above JCB (3590)', '3590', 16, null],
  ])('O3: %s → %s', (_name, prefix, length, network) => {
    const number = cardNumber(prefix, length);
    expect(cardNetworkOf(number)).toBe(network);
    expect(checkCardNumber(number)).toEqual(network ? { ok: true, network } : { ok: false, problem: 'CARD_NETWORK_NOT_ACCEPTED' });
  });

  it('O3: a number of the wrong length for its network is invalid, not refused as a network', () => {
    expect(checkCardNumber(cardNumber('4', 15))).toEqual({ ok: false, problem: 'CARD_NUMBER_INVALID' });
    expect(checkCardNumber(cardNumber('51', 15))).toEqual({ ok: false, problem: 'CARD_NUMBER_INVALID' });
    expect(checkCardNumber(cardNumber('37', 16))).toEqual({ ok: false, problem: 'CARD_NUMBER_INVALID' });
    expect(checkCardNumber(cardNumber('36', 13))).toEqual({ ok: false, problem: 'CARD_NUMBER_INVALID' });
    // An unknown network with an impossible length or a wrong check digit is simply invalid.
    expect(checkCardNumber(cardNumber('62', 11))).toEqual({ ok: false, problem: 'CARD_NUMBER_INVALID' });
    expect(checkCardNumber('6200000000000001')).toEqual({ ok: false, problem: 'CARD_NUMBER_INVALID' });
    expect(checkCardNumber('4242424242424241')).toEqual({ ok: false, problem: 'CARD_NUMBER_INVALID' });
    expect(checkCardNumber('')).toEqual({ ok: false, problem: 'CARD_NUMBER_INVALID' });
  });

  it.each([
    ['spaces', '4242 4242 4242 4242'],
    ['dashes', '4242-4242-4242-4242'],
    ['a trailing space', '4242424242424242 '],
    ['a letter', '424242424242424X'],
    ['full-width digits', '４２４２４２４２４２４２４２４２'],
    ['a dot', '4242.4242.4242.4242'],
  ])('O3: a card number with %s is refused, telling the customer to enter digits only', (_name, number) => {
    const check = checkCard({ ...visa, number }, NOW);
    expect(problemOf(check)).toBe('CARD_NUMBER_NOT_DIGITS');
    expect(!check.ok && check.message).toMatch(/without any spaces, dashes or other characters: digits only/);
  });
});

describe('card expiry by the one clock (O3, X3)', () => {
  it('a card is good through the last instant of its expiry month, in UTC', () => {
    expect(cardExpired(11, 2026, new Date('2026-11-30T23:59:59.999Z'))).toBe(false);
    expect(cardExpired(11, 2026, new Date('2026-12-01T00:00:00.000Z'))).toBe(true);
    expect(cardExpired(12, 2026, new Date('2026-12-31T23:59:59.999Z'))).toBe(false);
    expect(cardExpired(12, 2026, new Date('2027-01-01T00:00:00.000Z'))).toBe(true);
    expect(cardExpired(1, 2027, new Date('2026-12-31T23:59:59.999Z'))).toBe(false);
  });

  it('checkCard refuses an expired card and takes a card expiring this month', () => {
    expect(problemOf(checkCard({ ...visa, expiryMonth: 11, expiryYear: 2026 }, new Date('2026-11-30T23:59:59.999Z')))).toBeNull();
    expect(problemOf(checkCard({ ...visa, expiryMonth: 11, expiryYear: 2026 }, new Date('2026-12-01T00:00:00.000Z')))).toBe('CARD_EXPIRED');
    expect(problemOf(checkCard({ ...visa, expiryMonth: 12, expiryYear: 2025 }, NOW))).toBe('CARD_EXPIRED');
  });

  it.each([
    ['month 0', 0, 2030],
    ['month 13', 13, 2030],
    ['a fractional month', 1.5, 2030],
    ['a two-digit year', 12, 30],
    ['a year before 2000', 12, 1999],
    ['a year more than 20 years ahead', 12, 2047],
  ])('refuses %s as an invalid expiry', (_name, expiryMonth, expiryYear) => {
    expect(problemOf(checkCard({ ...visa, expiryMonth, expiryYear }, NOW))).toBe('CARD_EXPIRY_INVALID');
  });

  it('takes a card expiring 20 years ahead', () => {
    expect(problemOf(checkCard({ ...visa, expiryMonth: 12, expiryYear: 2046 }, NOW))).toBeNull();
  });
});

describe('security code and cardholder (O3)', () => {
  it('American Express takes 4 digits, the others 3', () => {
    expect(problemOf(checkCard(amex, NOW))).toBeNull();
    expect(problemOf(checkCard({ ...amex, cvc: '739' }, NOW))).toBe('CARD_CVC_INVALID');
    expect(problemOf(checkCard(visa, NOW))).toBeNull();
    expect(problemOf(checkCard({ ...visa, cvc: '7391' }, NOW))).toBe('CARD_CVC_INVALID');
    expect(problemOf(checkCard({ ...visa, cvc: '73' }, NOW))).toBe('CARD_CVC_INVALID');
    expect(problemOf(checkCard({ ...visa, cvc: '7a9' }, NOW))).toBe('CARD_CVC_INVALID');
    const amexCheck = checkCard({ ...amex, cvc: '12' }, NOW);
    expect(!amexCheck.ok && amexCheck.message).toMatch(/4 digits printed on the front/);
  });

  it('needs a cardholder name of at most 100 characters, trimmed', () => {
    expect(problemOf(checkCard({ ...visa, holderName: '' }, NOW))).toBe('CARD_HOLDER_MISSING');
    expect(problemOf(checkCard({ ...visa, holderName: '   ' }, NOW))).toBe('CARD_HOLDER_MISSING');
    expect(problemOf(checkCard({ ...visa, holderName: 'x'.repeat(101) }, NOW))).toBe('CARD_HOLDER_INVALID');
    expect(problemOf(checkCard({ ...visa, holderName: 'Dana\u0000Scully' }, NOW))).toBe('CARD_HOLDER_INVALID');
    const check = checkCard({ ...visa, holderName: '  Dana Scully ' }, NOW);
    expect(check.ok && check.method.kind === 'CARD' && check.method.card.holderName).toBe('Dana Scully');
  });
});

describe('checkPayment: exactly one payment method (O3)', () => {
  const paypal = { payerEmail: 'buyer@paypal.example' };

  it.each([
    ['nothing', {}, 'PAYMENT_METHOD_REQUIRED'],
    ['all null', { card: null, paypal: null, wireTransfer: null }, 'PAYMENT_METHOD_REQUIRED'],
    ['wireTransfer: false', { wireTransfer: false }, 'PAYMENT_METHOD_REQUIRED'],
    ['a card and PayPal', { card: visa, paypal }, 'ONE_PAYMENT_METHOD'],
    ['a card and wireTransfer: false', { card: visa, wireTransfer: false }, 'ONE_PAYMENT_METHOD'],
    ['PayPal and wire transfer', { paypal, wireTransfer: true }, 'ONE_PAYMENT_METHOD'],
    ['all three', { card: visa, paypal, wireTransfer: true }, 'ONE_PAYMENT_METHOD'],
  ])('refuses %s', (_name, input, problem) => {
    const check = checkPayment(input, NOW);
    expect(check).toEqual({ ok: false, problem, message: PAYMENT_PROBLEM_MESSAGES[problem as keyof typeof PAYMENT_PROBLEM_MESSAGES] });
  });

  it('takes a card: network, last 4 and last 5 digits, expiry, and the details in memory', () => {
    const check = checkPayment({ card: amex, paypal: null, wireTransfer: null }, NOW);
    expect(check.ok).toBe(true);
    if (!check.ok || check.method.kind !== 'CARD') throw new Error('expected a card');
    expect(check.method).toMatchObject({ kind: 'CARD', network: 'AMERICAN_EXPRESS', last4: '0005', last5: '10005', expiryMonth: 12, expiryYear: 2030 });
    expect(check.method.card.number).toBe(amex.number);
    expect(check.method.card.cvc).toBe('7391');
  });

  it('takes PayPal with a trimmed e-mail, and refuses what is not an e-mail address', () => {
    expect(checkPayment({ paypal: { payerEmail: '  buyer@paypal.example ' } }, NOW)).toEqual({ ok: true, method: { kind: 'PAYPAL', payerEmail: 'buyer@paypal.example' } });
    for (const payerEmail of ['', 'buyer', 'buyer@paypal', 'a b@paypal.example', `${'x'.repeat(250)}@p.example`]) {
      expect(problemOf(checkPayment({ paypal: { payerEmail } }, NOW))).toBe('PAYPAL_EMAIL_INVALID');
    }
  });

  it('takes wire transfer (the Auto-Renewal rule is the checkout’s)', () => {
    expect(checkPayment({ wireTransfer: true }, NOW)).toEqual({ ok: true, method: { kind: 'WIRE_TRANSFER' } });
  });

  it('reports the first problem a customer would fix: the number before the expiry before the code', () => {
    expect(problemOf(checkPayment({ card: { ...visa, number: '4242 4242', expiryMonth: 13, cvc: '' } }, NOW))).toBe('CARD_NUMBER_NOT_DIGITS');
    expect(problemOf(checkPayment({ card: { ...visa, expiryMonth: 13, cvc: '' } }, NOW))).toBe('CARD_EXPIRY_INVALID');
  });
});

describe('card data never reaches a log line (O8)', () => {
  const number = '4242424242424242';
  const cvc = '739';

  /** The project's logger, whose redaction copies objects before printing them. */
  function capture(): { log: Logger; text: () => string } {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { log: createLogger('order-subgraph', 'trace', sink), text: () => lines.join('') };
  }

  it('CardDetails shows network, last 4 and expiry to JSON, inspect, strings and pino; never number or code', () => {
    const check = checkPayment({ card: { ...visa, number, cvc } }, NOW);
    if (!check.ok || check.method.kind !== 'CARD') throw new Error('expected a card');
    const { card } = check.method;
    const { log, text } = capture();
    log.info({ card, method: check.method, payment: { source: { kind: 'CARD', card } } }, 'card');
    log.info(`paying with ${card}`);
    log.info({ source: { card }, card: { number, cvc } }, 'a plain card object too');
    const shown = [JSON.stringify(check), inspect(check, { depth: 10 }), String(card), `${card}`, Object.keys(card).join(','), text()].join('\n');
    expect(shown).not.toContain(number);
    expect(shown).not.toContain(`"${cvc}"`);
    expect(shown).not.toContain(`'${cvc}'`);
    expect(shown).not.toContain('Dana Scully');
    expect(JSON.parse(JSON.stringify(card))).toEqual({ network: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: 2030 });
    expect(JSON.parse(text().split('\n')[0]).card).toEqual({ network: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: 2030 });
    // A copy of the card (as a redacting logger makes) carries nothing secret either.
    const copy = Object.assign(Object.create(CardDetails.prototype), card) as CardDetails;
    expect([copy.number, copy.cvc]).toEqual([undefined, undefined]);
  });

  it('the GraphQL CardInput shows no number, code or name when logged', () => {
    const input = Object.assign(new CardInput(), { number, expiryMonth: 12, expiryYear: 2030, cvc, holderName: 'Dana Scully' });
    const { log, text } = capture();
    log.info({ input: { card: input } }, 'input');
    const shown = [JSON.stringify({ card: input }), inspect({ card: input }), text()].join('\n');
    expect(shown).not.toContain(number);
    expect(shown).not.toContain(`"${cvc}"`);
    expect(shown).not.toContain('Dana Scully');
  });
});

describe('the digest of the last 5 digits (O8)', () => {
  const key = 'k'.repeat(32);

  it('is a keyed hash: the same digits and key give the same digest; another key another', () => {
    const digest = cardLast5Digest('10005', key);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(cardLast5Digest('10005', key)).toBe(digest);
    expect(cardLast5Digest('10006', key)).not.toBe(digest);
    expect(cardLast5Digest('10005', 'another-key-of-32-characters-xxxx')).not.toBe(digest);
    expect(digest).not.toContain('10005');
  });

  it('takes exactly five digits', () => {
    for (const bad of ['1234', '123456', '1234a', ' 12345']) expect(() => cardLast5Digest(bad, key)).toThrow(RangeError);
  });

  it('CardDetails gives the last 5 digits for it', () => {
    expect(new CardDetails('VISA', '4000056655665556', 1, 2030, '123', 'X').last5).toBe('65556');
  });
});
