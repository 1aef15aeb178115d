import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { dropTestDatabases, onMysql, testDatabaseConfig } from '../../../test/support/database';
import { ManualClock } from '../../../kernel/clock';
import type { DatabaseConfig } from '../../../kernel/config';
import { openDatabase } from '../../../kernel/db';
import { createLogger } from '../../../kernel/logger';
import { Metrics } from '../../../kernel/metrics';
import { CardDetails, cardNetworkOf, checkPayment, type CardNetwork } from './card';
import { CardInput } from './payment.types';
import { ProcessorRequestError, ProcessorUnavailableError, type PaymentSource, type PostalAddress } from './processor';
import { SANDBOX_CODES, SANDBOX_PAYPAL, SANDBOX_TEST_CARDS, SandboxProcessor } from './sandbox-processor';
import { SANDBOX_PROCESSOR_ENTITIES, SandboxAuthorization, SandboxCapture, SandboxPaymentMethod, SandboxProcessorCall } from './sandbox-processor.entity';

const BILLING: PostalAddress = { name: 'Dana Scully', line1: '1 Main Street', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };
/** Security codes distinctive enough to search for in tables and logs. */
const CVC = { 3: '739', 4: '7391' } as const;
const DESCRIPTOR = 'DRI*Commerce Graph';

function card(number: string, expiry: { month: number; year: number } = { month: 12, year: 2030 }): CardDetails {
  const network: CardNetwork = cardNetworkOf(number) ?? 'VISA';
  return new CardDetails(network, number, expiry.month, expiry.year, network === 'AMERICAN_EXPRESS' ? CVC[4] : CVC[3], 'Dana Scully');
}

function cardSource(number: string, expiry?: { month: number; year: number }): PaymentSource {
  return { kind: 'CARD', card: card(number, expiry), billing: BILLING };
}

const approving = Object.entries(SANDBOX_TEST_CARDS).filter(([, c]) => !c.decline && !c.behaviour).map(([number, c]) => [number, c.description]);
const declining = Object.entries(SANDBOX_TEST_CARDS).filter(([, c]) => c.decline).map(([number, c]) => [number, c.description]);
const kinds: Array<'mysql' | 'sqlite'> = onMysql() ? ['mysql', 'sqlite'] : ['sqlite'];

describe.each(kinds)('the sandbox payment processor on %s (O3–O5)', (kind) => {
  let config: DatabaseConfig;
  let dataSource: DataSource;
  let metrics: Metrics;
  const logLines: string[] = [];
  const clock = new ManualClock('2026-11-18T09:00:00.000Z');
  let sandbox: SandboxProcessor;
  let seq = 0;
  const key = (label: string) => `${label}:${++seq}`;

  const authorize = (source: PaymentSource, amount = 5000, extra: { idempotencyKey?: string; storeForReuse?: boolean; currency?: string } = {}) =>
    sandbox.authorize({ idempotencyKey: extra.idempotencyKey ?? key('authorize'), amount, currency: extra.currency ?? 'USD', source, descriptor: DESCRIPTOR, storeForReuse: extra.storeForReuse ?? false });
  const capture = (authorizationId: string, amount: number, idempotencyKey = key('capture')) => sandbox.capture({ idempotencyKey, authorizationId, amount, currency: 'USD' });
  const release = (authorizationId: string, idempotencyKey = key('release')) => sandbox.release({ idempotencyKey, authorizationId });
  const refund = (captureId: string, amount: number, idempotencyKey = key('refund')) => sandbox.refund({ idempotencyKey, captureId, amount, currency: 'USD' });

  async function approved(source: PaymentSource, amount = 5000, storeForReuse = false) {
    const result = await authorize(source, amount, { storeForReuse });
    if (result.outcome !== 'APPROVED') throw new Error(`expected an approval, got ${JSON.stringify(result)}`);
    return result;
  }
  async function captured(authorizationId: string, amount: number) {
    const result = await capture(authorizationId, amount);
    if (result.outcome !== 'CAPTURED') throw new Error(`expected a capture, got ${JSON.stringify(result)}`);
    return result;
  }
  const hold = (id: string) => dataSource.getRepository(SandboxAuthorization).findOneByOrFail({ id });

  beforeAll(async () => {
    config = kind === 'mysql' ? testDatabaseConfig() : { kind: 'sqlite', directory: ':memory:' };
    // Every line the processor and the database layer write, at the most talkative level.
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger('order-subgraph', 'trace', sink);
    metrics = new Metrics('order');
    dataSource = await openDatabase({ name: 'order', config, entities: SANDBOX_PROCESSOR_ENTITIES, migrations: [], metrics, log });
    await dataSource.synchronize();
    sandbox = new SandboxProcessor(dataSource, clock, log);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropTestDatabases(config);
  });

  it.each(approving)('O3, O5: %s (%s) is held, charged and refunded', async (number) => {
    const auth = await approved(cardSource(number));
    expect(auth.storedReference).toBeNull();
    expect(await hold(auth.authorizationId)).toMatchObject({ amount: 5000, captured: 0, released: 0, currency: 'USD', descriptor: DESCRIPTOR, last4: number.slice(-4), network: SANDBOX_TEST_CARDS[number].network });
    const charge = await captured(auth.authorizationId, 5000);
    expect(await refund(charge.captureId, 1999)).toEqual({ outcome: 'REFUNDED', refundId: expect.stringMatching(/^re_/) });
    expect(await dataSource.getRepository(SandboxCapture).findOneByOrFail({ id: charge.captureId })).toMatchObject({ amount: 5000, refunded: 1999 });
  });

  it.each(declining)('O4: %s (%s): declined with a reason and the processor’s code; nothing is held', async (number) => {
    const expected = SANDBOX_TEST_CARDS[number].decline!;
    const idempotencyKey = key('declined');
    const before = await dataSource.getRepository(SandboxAuthorization).count();
    const result = await authorize(cardSource(number), 5000, { idempotencyKey });
    expect(result).toEqual({ outcome: 'DECLINED', reason: expected.reason, processorCode: expected.processorCode });
    expect(result.outcome === 'DECLINED' && result.processorCode).toMatch(/^card_declined\/[a-z_]+$/);
    expect(await dataSource.getRepository(SandboxAuthorization).count()).toBe(before);
    // The decline is the recorded answer of its key.
    expect(await authorize(cardSource(number), 5000, { idempotencyKey })).toEqual(result);
    expect(await sandbox.lookup(idempotencyKey)).toEqual({ operation: 'AUTHORIZE', result });
  });

  it('O3: the address-check card is declined as ADDRESS_MISMATCH, as is an incomplete billing address', async () => {
    expect(await authorize(cardSource('4000000000000010'))).toMatchObject({ outcome: 'DECLINED', reason: 'ADDRESS_MISMATCH' });
    const noPostalCode: PaymentSource = { kind: 'CARD', card: card('4242424242424242'), billing: { ...BILLING, postalCode: ' ' } };
    expect(await authorize(noPostalCode)).toEqual({ outcome: 'DECLINED', reason: 'ADDRESS_MISMATCH', processorCode: SANDBOX_CODES.incorrectAddress });
  });

  it('O3: any other Luhn-valid number of an accepted network is approved; the processor checks the rest itself', async () => {
    expect((await authorize(cardSource('4111111111111111'))).outcome).toBe('APPROVED');
    expect((await authorize(cardSource('2221000000000009'))).outcome).toBe('APPROVED');
    expect(await authorize(cardSource('4242424242424241'))).toEqual({ outcome: 'DECLINED', reason: 'DECLINED', processorCode: SANDBOX_CODES.incorrectNumber });
    expect(await authorize(cardSource('4242424242424242', { month: 10, year: 2026 }))).toEqual({ outcome: 'DECLINED', reason: 'EXPIRED_CARD', processorCode: SANDBOX_CODES.expiredCard });
    const wrongCode: PaymentSource = { kind: 'CARD', card: new CardDetails('VISA', '4242424242424242', 12, 2030, '7391', 'Dana Scully'), billing: BILLING };
    expect(await authorize(wrongCode)).toEqual({ outcome: 'DECLINED', reason: 'DECLINED', processorCode: SANDBOX_CODES.incorrectCvc });
  });

  it('O5: partial captures (items shipped separately), never more than is left; release frees the rest', async () => {
    const auth = await approved(cardSource('5555555555554444'), 10_000);
    await captured(auth.authorizationId, 3000);
    await captured(auth.authorizationId, 4000);
    const tooMuch = key('capture');
    await expect(capture(auth.authorizationId, 3001, tooMuch)).rejects.toThrow(new ProcessorRequestError(`capture of 3001 exceeds the 3000 left of authorization ${auth.authorizationId}`));
    // A refused request leaves nothing behind: not the money, not the key.
    expect(await sandbox.lookup(tooMuch)).toBeNull();
    expect(await hold(auth.authorizationId)).toMatchObject({ amount: 10_000, captured: 7000, released: 0 });
    expect(await release(auth.authorizationId)).toEqual({ outcome: 'RELEASED', releasedAmount: 3000 });
    expect(await hold(auth.authorizationId)).toMatchObject({ captured: 7000, released: 3000 });
    await expect(capture(auth.authorizationId, 1)).rejects.toThrow(ProcessorRequestError);
    expect(await release(auth.authorizationId)).toEqual({ outcome: 'RELEASED', releasedAmount: 0 });
  });

  it('O12: refunds never exceed what was captured and not yet refunded', async () => {
    const auth = await approved(cardSource('6011111111111117'), 5000);
    const charge = await captured(auth.authorizationId, 5000);
    await refund(charge.captureId, 2000);
    await expect(refund(charge.captureId, 3001)).rejects.toThrow(`refund of 3001 exceeds the 3000 left of capture ${charge.captureId}`);
    expect((await refund(charge.captureId, 3000)).outcome).toBe('REFUNDED');
    await expect(refund(charge.captureId, 1)).rejects.toThrow(ProcessorRequestError);
  });

  it('refuses malformed requests: unknown ids, other currencies, bad amounts, keys and descriptors', async () => {
    const auth = await approved(cardSource('4242424242424242'), 5000);
    await expect(capture('auth_missing', 100)).rejects.toThrow('no authorization auth_missing');
    await expect(release('auth_missing')).rejects.toThrow(ProcessorRequestError);
    await expect(refund('cap_missing', 100)).rejects.toThrow('no capture cap_missing');
    await expect(sandbox.capture({ idempotencyKey: key('c'), authorizationId: auth.authorizationId, amount: 100, currency: 'EUR' })).rejects.toThrow('is in USD, not EUR');
    for (const amount of [0, -1, 1.5, 2 ** 31]) await expect(capture(auth.authorizationId, amount)).rejects.toThrow(/positive integer/);
    await expect(authorize(cardSource('4242424242424242'), 100, { currency: 'usd' })).rejects.toThrow(/ISO 4217/);
    for (const idempotencyKey of ['', 'has space', 'x'.repeat(129)]) await expect(capture(auth.authorizationId, 1, idempotencyKey)).rejects.toThrow(/idempotency key/);
    await expect(sandbox.authorize({ idempotencyKey: key('a'), amount: 1, currency: 'USD', source: cardSource('4242424242424242'), descriptor: 'x', storeForReuse: false })).rejects.toThrow(/descriptor/);
    expect(await hold(auth.authorizationId)).toMatchObject({ captured: 0, released: 0 });
  });

  it('the same idempotency key answers the same result and moves money once', async () => {
    const authKey = key('authorize');
    const first = await authorize(cardSource('378282246310005'), 8000, { idempotencyKey: authKey });
    expect(await authorize(cardSource('378282246310005'), 8000, { idempotencyKey: authKey })).toEqual(first);
    if (first.outcome !== 'APPROVED') throw new Error('expected an approval');
    expect(await dataSource.getRepository(SandboxAuthorization).countBy({ id: first.authorizationId })).toBe(1);

    const captureKey = key('capture');
    const charge = await capture(first.authorizationId, 3000, captureKey);
    const statementsBefore = metrics.sqlStatements;
    expect(await capture(first.authorizationId, 3000, captureKey)).toEqual(charge);
    expect(metrics.sqlStatements - statementsBefore).toBe(1); // a repeat is one read of the recorded answer
    expect(await hold(first.authorizationId)).toMatchObject({ captured: 3000 });
    if (charge.outcome !== 'CAPTURED') throw new Error('expected a capture');

    const refundKey = key('refund');
    const refunded = await refund(charge.captureId, 1000, refundKey);
    expect(await refund(charge.captureId, 1000, refundKey)).toEqual(refunded);
    expect(await dataSource.getRepository(SandboxCapture).findOneByOrFail({ id: charge.captureId })).toMatchObject({ refunded: 1000 });

    const releaseKey = key('release');
    expect(await release(first.authorizationId, releaseKey)).toEqual({ outcome: 'RELEASED', releasedAmount: 5000 });
    expect(await release(first.authorizationId, releaseKey)).toEqual({ outcome: 'RELEASED', releasedAmount: 5000 });
    expect(await hold(first.authorizationId)).toMatchObject({ captured: 3000, released: 5000 });
  });

  it('a key reused for a different request is refused', async () => {
    const auth = await approved(cardSource('4242424242424242'), 5000);
    const captureKey = key('capture');
    await captured(auth.authorizationId, 1000);
    await capture(auth.authorizationId, 1000, captureKey);
    await expect(capture(auth.authorizationId, 1500, captureKey)).rejects.toThrow(`idempotency key ${captureKey} was already used for a different capture request`);
    await expect(release(auth.authorizationId, captureKey)).rejects.toThrow(ProcessorRequestError);
    expect(await hold(auth.authorizationId)).toMatchObject({ captured: 2000, released: 0 });
  });

  it('calls racing with one key move money once', async () => {
    const auth = await approved(cardSource('4242424242424242'), 5000);
    const captureKey = key('race');
    const results = await Promise.all(Array.from({ length: 5 }, () => capture(auth.authorizationId, 2000, captureKey)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await hold(auth.authorizationId)).toMatchObject({ captured: 2000 });
    expect(await dataSource.getRepository(SandboxCapture).countBy({ authorizationId: auth.authorizationId })).toBe(1);
  });

  it('recovery: a call lost before the processor saw it is found by nobody and safe to repeat', async () => {
    const idempotencyKey = key('authorize');
    const before = await dataSource.getRepository(SandboxAuthorization).count();
    sandbox.failNextCall('before-processing');
    await expect(authorize(cardSource('4242424242424242'), 5000, { idempotencyKey })).rejects.toThrow(ProcessorUnavailableError);
    expect(await sandbox.lookup(idempotencyKey)).toBeNull();
    expect(await dataSource.getRepository(SandboxAuthorization).count()).toBe(before);
    expect((await authorize(cardSource('4242424242424242'), 5000, { idempotencyKey })).outcome).toBe('APPROVED');
    expect(await dataSource.getRepository(SandboxAuthorization).count()).toBe(before + 1);
  });

  it('recovery: a call whose answer was lost is found by lookup, and a repeat moves no money twice', async () => {
    const authKey = key('authorize');
    sandbox.failNextCall('after-processing');
    await expect(authorize(cardSource('4242424242424242'), 7000, { idempotencyKey: authKey })).rejects.toThrow(ProcessorUnavailableError);
    const found = await sandbox.lookup(authKey);
    expect(found).toEqual({ operation: 'AUTHORIZE', result: { outcome: 'APPROVED', authorizationId: expect.stringMatching(/^auth_/), storedReference: null } });
    const authorizationId = found!.result.outcome === 'APPROVED' ? found!.result.authorizationId : '';
    expect(await authorize(cardSource('4242424242424242'), 7000, { idempotencyKey: authKey })).toEqual(found!.result);

    const captureKey = key('capture');
    sandbox.failNextCall('after-processing');
    await expect(capture(authorizationId, 7000, captureKey)).rejects.toThrow(ProcessorUnavailableError);
    expect(await sandbox.lookup(captureKey)).toEqual({ operation: 'CAPTURE', result: { outcome: 'CAPTURED', captureId: expect.stringMatching(/^cap_/) } });
    expect(await capture(authorizationId, 7000, captureKey)).toEqual((await sandbox.lookup(captureKey))!.result);
    expect(await hold(authorizationId)).toMatchObject({ amount: 7000, captured: 7000 });
  });

  it('S3: a stored reference charges the same card later, without its number', async () => {
    const first = await approved(cardSource('4242424242424242'), 5000, true);
    expect(first.storedReference).toMatch(/^pm_/);
    const method = await dataSource.getRepository(SandboxPaymentMethod).findOneByOrFail({ id: first.storedReference! });
    expect(method).toMatchObject({ kind: 'CARD', network: 'VISA', last4: '4242', expiryMonth: 12, expiryYear: 2030, behaviour: 'APPROVE' });
    const renewal = await authorize({ kind: 'STORED', reference: first.storedReference! }, 5000, { storeForReuse: true });
    expect(renewal).toEqual({ outcome: 'APPROVED', authorizationId: expect.stringMatching(/^auth_/), storedReference: first.storedReference });
    expect(await authorize({ kind: 'STORED', reference: first.storedReference! })).toMatchObject({ outcome: 'APPROVED', storedReference: null });
    await expect(authorize({ kind: 'STORED', reference: 'pm_missing' })).rejects.toThrow('no stored payment method pm_missing');
  });

  it('S7: a stored card that has expired by the time of the renewal is declined as expired', async () => {
    const first = await approved(cardSource('4242424242424242', { month: 1, year: 2027 }), 5000, true);
    const renewalClock = new ManualClock('2027-02-01T00:00:00.000Z');
    const later = new SandboxProcessor(dataSource, renewalClock);
    expect(await later.authorize({ idempotencyKey: key('renewal'), amount: 5000, currency: 'USD', source: { kind: 'STORED', reference: first.storedReference! }, descriptor: DESCRIPTOR, storeForReuse: false })).toEqual({
      outcome: 'DECLINED',
      reason: 'EXPIRED_CARD',
      processorCode: SANDBOX_CODES.expiredCard,
    });
  });

  it('S7: 4000000000000341 is approved at checkout, then every later charge is declined', async () => {
    const first = await approved(cardSource('4000000000000341'), 5000, true);
    expect(first.storedReference).toMatch(/^pm_/);
    expect(await capture(first.authorizationId, 5000)).toEqual({ outcome: 'DECLINED', reason: 'DECLINED', processorCode: SANDBOX_CODES.genericDecline });
    expect(await authorize({ kind: 'STORED', reference: first.storedReference! })).toEqual({ outcome: 'DECLINED', reason: 'DECLINED', processorCode: SANDBOX_CODES.genericDecline });
    expect(await release(first.authorizationId)).toEqual({ outcome: 'RELEASED', releasedAmount: 5000 });
  });

  it('O12: with 4000000000005126 the charge goes through and the refund fails', async () => {
    const auth = await approved(cardSource('4000000000005126'));
    const charge = await captured(auth.authorizationId, 5000);
    expect(await refund(charge.captureId, 5000)).toEqual({ outcome: 'FAILED', reason: 'DECLINED', processorCode: SANDBOX_CODES.refundFailed });
    expect(await dataSource.getRepository(SandboxCapture).findOneByOrFail({ id: charge.captureId })).toMatchObject({ refunded: 0 });
  });

  it('O3: PayPal approves the documented buyer and any other payer, and declines the documented declined payer', async () => {
    const buyer = await authorize({ kind: 'PAYPAL', payerEmail: SANDBOX_PAYPAL.approves }, 5000, { storeForReuse: true });
    expect(buyer).toMatchObject({ outcome: 'APPROVED', storedReference: expect.stringMatching(/^pm_/) });
    expect((await authorize({ kind: 'PAYPAL', payerEmail: 'someone@example.com' })).outcome).toBe('APPROVED');
    expect(await authorize({ kind: 'PAYPAL', payerEmail: 'Declined@PayPal.example' })).toEqual({ outcome: 'DECLINED', reason: 'PAYPAL_DECLINED', processorCode: SANDBOX_CODES.paypalDeclined });
  });

  it('O8: no card number or security code is in any of its tables or any log line', async () => {
    // Every documented card once more, through the customer's check as the checkout would.
    for (const number of Object.keys(SANDBOX_TEST_CARDS)) {
      const network = cardNetworkOf(number);
      const input = Object.assign(new CardInput(), { number, expiryMonth: 12, expiryYear: 2030, cvc: network === 'AMERICAN_EXPRESS' ? CVC[4] : CVC[3], holderName: 'Dana Scully' });
      const check = checkPayment({ card: input }, clock.now());
      if (!check.ok || check.method.kind !== 'CARD') throw new Error(`${number} should pass the customer's check`);
      const result = await authorize({ kind: 'CARD', card: check.method.card, billing: BILLING }, 4000, { storeForReuse: true });
      if (result.outcome === 'APPROVED') await capture(result.authorizationId, 4000).catch(() => undefined);
    }
    const numbers = Object.keys(SANDBOX_TEST_CARDS).concat('4111111111111111', '2221000000000009', '4242424242424241');
    const cells: string[] = [];
    for (const entity of [SandboxProcessorCall, SandboxPaymentMethod, SandboxAuthorization, SandboxCapture]) {
      for (const row of await dataSource.getRepository<object>(entity).find()) {
        for (const value of Object.values(row)) {
          cells.push(String(value));
          if (entity === SandboxProcessorCall && typeof value === 'string' && value.startsWith('{')) cells.push(...Object.values(JSON.parse(value)).map(String));
        }
      }
    }
    expect(cells.length).toBeGreaterThan(100);
    const logText = logLines.join('');
    expect(logLines.length).toBeGreaterThan(100); // the SQL of every call was logged, at trace level
    for (const number of numbers) {
      expect(cells.filter((cell) => cell.includes(number))).toEqual([]);
      expect(logText).not.toContain(number);
    }
    expect(cells.filter((cell) => cell === CVC[3] || cell === CVC[4])).toEqual([]);
    expect(logText).not.toMatch(/"(739|7391)"|:(739|7391)[,}]/);
  });
});
