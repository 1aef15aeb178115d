import type { DataSource } from 'typeorm';
import { ManualClock } from '../../../kernel/clock';
import { StartupError } from '../../../kernel/errors';
import { createLogger } from '../../../kernel/logger';
import { PaymentService, cardDigestKeyFromEnv, chargeDescriptorFromEnv, paymentServiceFromEnv, processorFromEnv } from './payment.service';
import { SandboxProcessor } from './sandbox-processor';
import { checkStatementDescriptor } from './statement-descriptor';

/** The factory only reads which database the sandbox will use; no connection is made. */
const dataSource = { options: { type: 'better-sqlite3' } } as unknown as DataSource;
const clock = new ManualClock();
const KEY = 'x'.repeat(32);

function startupMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a StartupError');
}

describe('which payment processor runs (O3–O5)', () => {
  it('outside production, the sandbox by default or when asked', () => {
    expect(processorFromEnv({}, dataSource, clock)).toBeInstanceOf(SandboxProcessor);
    expect(processorFromEnv({ PAYMENT_PROCESSOR: 'sandbox' }, dataSource, clock).name).toBe('sandbox');
  });

  it('production without PAYMENT_PROCESSOR refuses to start, saying an adapter must be configured', () => {
    const message = startupMessage(() => processorFromEnv({ NODE_ENV: 'production' }, dataSource, clock));
    expect(message).toMatch(/^PAYMENT_PROCESSOR is not set: production needs a payment processor adapter/);
    expect(message).toContain('PAYMENT_PROCESSOR=sandbox');
  });

  it('production runs the sandbox only when told to, and says so in the log', () => {
    const lines: string[] = [];
    const log = createLogger('order-subgraph', 'warn');
    const warn = jest.spyOn(log, 'warn').mockImplementation(((message: string) => void lines.push(message)) as never);
    expect(processorFromEnv({ NODE_ENV: 'production', PAYMENT_PROCESSOR: 'sandbox' }, dataSource, clock, log)).toBeInstanceOf(SandboxProcessor);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(lines[0]).toMatch(/no money moves/);
  });

  it('an unknown processor name is refused with the names this build knows', () => {
    expect(startupMessage(() => processorFromEnv({ PAYMENT_PROCESSOR: 'stripe' }, dataSource, clock))).toMatch(/^PAYMENT_PROCESSOR=stripe is not a processor this build knows \(sandbox\)/);
  });
});

describe('CARD_DIGEST_KEY (O8)', () => {
  it('is required, and long', () => {
    expect(startupMessage(() => cardDigestKeyFromEnv({}))).toMatch(/^CARD_DIGEST_KEY is not set/);
    expect(startupMessage(() => cardDigestKeyFromEnv({ CARD_DIGEST_KEY: 'short' }))).toMatch(/at least 32 characters/);
    expect(cardDigestKeyFromEnv({ CARD_DIGEST_KEY: KEY })).toBe(KEY);
  });

  it('keys the digests of the service', () => {
    const a = paymentServiceFromEnv({ CARD_DIGEST_KEY: KEY }, dataSource, clock);
    const b = paymentServiceFromEnv({ CARD_DIGEST_KEY: 'y'.repeat(32) }, dataSource, clock);
    expect(a).toBeInstanceOf(PaymentService);
    expect(a.cardLast5Digest('10005')).toBe(a.cardLast5Digest('10005'));
    expect(a.cardLast5Digest('10005')).not.toBe(b.cardLast5Digest('10005'));
  });
});

describe('the statement descriptor is configuration (O5)', () => {
  it('defaults to "DRI*Commerce Graph" and takes another valid one', () => {
    expect(chargeDescriptorFromEnv({})).toBe('DRI*Commerce Graph');
    expect(chargeDescriptorFromEnv({ CHARGE_DESCRIPTOR: '' })).toBe('DRI*Commerce Graph');
    expect(chargeDescriptorFromEnv({ CHARGE_DESCRIPTOR: 'DRI*Trend Micro' })).toBe('DRI*Trend Micro');
    expect(paymentServiceFromEnv({ CARD_DIGEST_KEY: KEY, CHARGE_DESCRIPTOR: 'ACME*Store' }, dataSource, clock).descriptor).toBe('ACME*Store');
  });

  it.each([
    ['too short', 'DRI*'],
    ['too long', 'DRI*A very long store name'],
    ['quotes', 'DRI*"Store"'],
    ['a second *', 'DRI*Store*Shop'],
    ['no letter', '1234*5678'],
    ['non-Latin text', 'DRI*Магазин'],
    ['a trailing space', 'DRI*Store '],
  ])('refuses a descriptor with %s at startup', (_name, descriptor) => {
    expect(checkStatementDescriptor(descriptor)).not.toBeNull();
    expect(startupMessage(() => chargeDescriptorFromEnv({ CHARGE_DESCRIPTOR: descriptor }))).toMatch(/^CHARGE_DESCRIPTOR=".*" cannot appear on card statements: /);
  });
});
