import type { DataSource } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { isProduction, type Env } from '../../../kernel/config';
import { StartupError } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import { cardLast5Digest } from './card';
import type { PaymentProcessor } from './processor';
import { SandboxProcessor } from './sandbox-processor';
import { DEFAULT_CHARGE_DESCRIPTOR, checkStatementDescriptor } from './statement-descriptor';

/**
 * What the checkout, the charge jobs and Quick Order Lookup use of payments (O3–O5, O8): the
 * processor behind its port, the statement descriptor charges carry, and the keyed digest of a
 * card's last five digits. Built once per process from the environment (order.subgraph.ts).
 */
export class PaymentService {
  constructor(
    readonly processor: PaymentProcessor,
    /** CHARGE_DESCRIPTOR: what card statements show (O5). */
    readonly descriptor: string,
    private readonly digestKey: string,
  ) {}

  /** The stored form of a card's last five digits (O8); see `cardLast5Digest`. */
  cardLast5Digest(last5: string): string {
    return cardLast5Digest(last5, this.digestKey);
  }
}

export const PROCESSORS = ['sandbox'] as const;

const ADAPTER_NEEDED =
  'production needs a payment processor adapter, and none is built yet: implement PaymentProcessor (subgraphs/order/payments/processor.ts) and add it to processorFromEnv (README, "Payments (O3–O5)"); PAYMENT_PROCESSOR=sandbox runs the test-mode sandbox, which moves no money.';

/**
 * PAYMENT_PROCESSOR picks the processor. Outside production it defaults to the sandbox; in
 * production it must be set, and `sandbox` there is an explicit choice (a staging or demo
 * deployment), said loudly in the log.
 */
export function processorFromEnv(env: Env, dataSource: DataSource, clock: Clock, log?: Logger): PaymentProcessor {
  const choice = env.PAYMENT_PROCESSOR?.trim() || (isProduction(env) ? '' : 'sandbox');
  if (!choice) throw new StartupError(`PAYMENT_PROCESSOR is not set: ${ADAPTER_NEEDED}`);
  if (choice === 'sandbox') {
    if (isProduction(env)) log?.warn('PAYMENT_PROCESSOR=sandbox in production: payments go to the built-in sandbox and no money moves');
    return new SandboxProcessor(dataSource, clock, log);
  }
  throw new StartupError(`PAYMENT_PROCESSOR=${choice} is not a processor this build knows (${PROCESSORS.join(', ')}): ${ADAPTER_NEEDED}`);
}

/** CARD_DIGEST_KEY: the server key of the card-digit digests; `npm start` keeps one in .data/. */
export function cardDigestKeyFromEnv(env: Env): string {
  const key = env.CARD_DIGEST_KEY ?? '';
  if (!key) {
    throw new StartupError('CARD_DIGEST_KEY is not set: `npm start` makes one for development; elsewhere set 32+ random characters (openssl rand -base64 32) and never change it.');
  }
  if (key.length < 32) throw new StartupError('CARD_DIGEST_KEY must be at least 32 characters: use openssl rand -base64 32.');
  return key;
}

/** CHARGE_DESCRIPTOR: what card statements show (O5), checked as the card networks would. */
export function chargeDescriptorFromEnv(env: Env): string {
  const descriptor = env.CHARGE_DESCRIPTOR || DEFAULT_CHARGE_DESCRIPTOR;
  const problem = checkStatementDescriptor(descriptor);
  if (problem) throw new StartupError(`CHARGE_DESCRIPTOR="${descriptor}" cannot appear on card statements: ${problem} (e.g. "${DEFAULT_CHARGE_DESCRIPTOR}").`);
  return descriptor;
}

export function paymentServiceFromEnv(env: Env, dataSource: DataSource, clock: Clock, log?: Logger): PaymentService {
  const descriptor = chargeDescriptorFromEnv(env);
  const key = cardDigestKeyFromEnv(env);
  return new PaymentService(processorFromEnv(env, dataSource, clock, log), descriptor, key);
}
