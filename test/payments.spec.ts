import { randomBytes } from 'node:crypto';
import { generateSigningKey } from '../kernel/access-token';
import { ManualClock } from '../kernel/clock';
import { StartupError } from '../kernel/errors';
import { createLogger } from '../kernel/logger';
import { startSubgraph, type RunningSubgraph } from '../kernel/subgraph';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';
import { EVENT_ROUTES } from '../subgraphs/events';
import type { OrderServices } from '../subgraphs/order/order.services';
import { CardDetails } from '../subgraphs/order/payments/card';
import { SandboxAuthorization } from '../subgraphs/order/payments/sandbox-processor.entity';
import { dropTestDatabases, testDatabaseConfig } from './support/database';

/** The order subgraph's payments as a process gets them: from its environment, on its own database. */
describe('payments in the order subgraph (O3–O5, O8)', () => {
  const database = testDatabaseConfig();
  const clock = new ManualClock('2026-11-18T09:00:00.000Z');
  const base: Record<string, string> = { CARD_DIGEST_KEY: randomBytes(32).toString('base64url') };
  beforeAll(async () => {
    base.ORDER_TOKEN_KEYS = JSON.stringify({ keys: [await generateSigningKey()] });
  });
  const start = (env: Record<string, string>) =>
    startSubgraph(SUBGRAPH_DEFINITIONS.order, {
      host: '127.0.0.1',
      port: 0,
      internalPort: 0,
      database,
      gatewaySecret: 'x'.repeat(32),
      clock,
      seedDemo: false,
      routes: EVENT_ROUTES,
      subgraphUrls: {},
      env,
      background: false,
      log: createLogger('order-subgraph', 'silent'),
    }) as Promise<RunningSubgraph<OrderServices>>;

  afterAll(() => dropTestDatabases(database));

  it('O5: runs the sandbox processor on its migrated tables, with the configured statement descriptor', async () => {
    const order = await start({ ...base, CHARGE_DESCRIPTOR: 'DRI*Trend Micro' });
    try {
      const { payments } = order.services;
      expect(payments.processor.name).toBe('sandbox');
      expect(payments.descriptor).toBe('DRI*Trend Micro');
      const result = await payments.processor.authorize({
        idempotencyKey: 'order:o-1:authorize',
        amount: 4995,
        currency: 'USD',
        source: { kind: 'CARD', card: new CardDetails('VISA', '4242424242424242', 12, 2030, '739', 'Dana Scully'), billing: { name: 'Dana Scully', line1: '1 Main Street', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' } },
        descriptor: payments.descriptor,
        storeForReuse: true,
      });
      expect(result).toMatchObject({ outcome: 'APPROVED' });
      expect(await order.dataSource.getRepository(SandboxAuthorization).countBy({ descriptor: 'DRI*Trend Micro' })).toBe(1);
      expect(payments.cardLast5Digest('44242')).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await order.close();
    }
  });

  it('production without a processor adapter does not start, and says what to configure', async () => {
    const attempt = start({ ...base, NODE_ENV: 'production' });
    await expect(attempt).rejects.toThrow(StartupError);
    await expect(attempt).rejects.toThrow(/^PAYMENT_PROCESSOR is not set: production needs a payment processor adapter/);
  });

  it('O8: the order subgraph does not start without the key of card-digit digests', async () => {
    await expect(start({})).rejects.toThrow(/^CARD_DIGEST_KEY is not set/);
  });
});
