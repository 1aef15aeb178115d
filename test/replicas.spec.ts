import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../kernel/clock';
import { HEADERS } from '../kernel/identity';
import { createLogger } from '../kernel/logger';
import type { EventEnvelope } from '../kernel/outbox/envelope';
import { DeliveryStatus, HandledEvent, Job, JobStatus, OutboxDelivery } from '../kernel/outbox/outbox.entities';
import { Outbox } from '../kernel/outbox/outbox';
import { startSubgraph, type RunningSubgraph } from '../kernel/subgraph';
import { DEMO } from '../kernel/demo';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';
import { EVENT_ROUTES, ORDER_CONFIRMED, type OrderConfirmed } from '../subgraphs/events';
import { License } from '../subgraphs/subscription/licenses/license.entity';
import { dropTestDatabases, onMysql, testDatabaseConfig } from './support/database';

/**
 * Scale-out (README, production): any number of replicas of a subgraph run against one
 * database, each with its relay and job worker. Claims take rows with FOR UPDATE SKIP LOCKED,
 * and consumers record handled event ids in the effect's transaction, so two replicas of the
 * subscription subgraph handle every event and every job exactly once (X2).
 */
const describeOnMysql = onMysql() ? describe : describe.skip;

/** A job type of this test: the subscription subgraph's own timed steps arrive with renewals. */
const TICK = 'replica-test.tick';
/** An event this test has the subscription subgraph publish, to a stub consumer that counts. */
const PING = 'replica-test.ping';

describeOnMysql('two replicas of the subscription subgraph on one database (X2)', () => {
  const clock = new ManualClock('2026-11-18T15:00:00.000Z');
  const database = testDatabaseConfig();
  const secret = randomUUID();
  const log = createLogger('replicas-test', 'silent');
  const ran: string[] = [];
  const received: string[] = [];
  let stub: http.Server;
  let replicas: RunningSubgraph<any>[];

  beforeAll(async () => {
    // The "order" consumer of PING: answers every delivery after a pause, so that both
    // replicas' relays are busy at the same time.
    stub = http.createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        received.push((JSON.parse(text) as EventEnvelope).id);
        setTimeout(() => res.end(JSON.stringify({ status: 'handled' })), 20);
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/graphql`;
    const definition = {
      ...SUBGRAPH_DEFINITIONS.subscription,
      jobHandlers: {
        ...SUBGRAPH_DEFINITIONS.subscription.jobHandlers,
        [TICK]: async (payload: { n: string }) => {
          ran.push(payload.n);
          await new Promise((resolve) => setTimeout(resolve, 5));
        },
      },
    };
    replicas = [];
    // One after the other: the first migrates the database, the second finds it migrated.
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startSubgraph(definition, {
          host: '127.0.0.1',
          port: 0,
          internalPort: 0,
          database,
          gatewaySecret: secret,
          clock,
          seedDemo: i === 0,
          log,
          routes: { ...EVENT_ROUTES, [PING]: ['order'] },
          subgraphUrls: { order: stubUrl },
          env: process.env,
          background: false,
        }),
      );
    }
  });

  afterAll(async () => {
    for (const replica of replicas ?? []) await replica.close();
    await new Promise((resolve) => stub?.close(resolve));
    await dropTestDatabases(database);
  });

  it('X2: jobs scheduled once are run once, whichever replica claims them, with both workers running at once', async () => {
    // What the subgraph schedules for itself at start (the renewal sweep, S3) runs first, so
    // that what the workers count below is the ticks alone.
    await replicas[0].worker.runDue(50);
    const outbox = new Outbox(clock, EVENT_ROUTES);
    const ids = Array.from({ length: 40 }, (_, i) => String(i));
    await replicas[0].dataSource.transaction(async (manager) => {
      for (const n of ids) await outbox.schedule(manager, { type: TICK, payload: { n }, dueAt: clock.now() });
    });
    // Each worker claims a few at a time, in rounds, until nothing due is left.
    const work = async (replica: RunningSubgraph<any>) => {
      let done = 0;
      for (let round = 0; round < 40; round++) {
        const r = await replica.worker.runDue(5);
        done += r.done;
        if (r.done + r.retried + r.dead === 0) break;
      }
      return done;
    };
    const [first, second] = await Promise.all(replicas.map(work));
    expect(first + second).toBe(ids.length);
    expect([...ran].sort()).toEqual([...ids].sort());
    const jobs = await replicas[1].dataSource.getRepository(Job).findBy({ type: TICK });
    expect(jobs.every((j) => j.status === JobStatus.DONE)).toBe(true);
  });

  it('X2: events written once are delivered once, with both relays running at once', async () => {
    const outbox = new Outbox(clock, { ...EVENT_ROUTES, [PING]: ['order'] });
    const published: string[] = [];
    await replicas[1].dataSource.transaction(async (manager) => {
      for (let i = 0; i < 30; i++) published.push(await outbox.publish(manager, { type: PING, aggregateType: 'ping', aggregateId: String(i), payload: { i } }));
    });
    const relay = async (replica: RunningSubgraph<any>) => {
      for (let round = 0; round < 40; round++) {
        const r = await replica.relay.deliverDue(4);
        if (r.delivered + r.failed === 0) return;
      }
    };
    await Promise.all(replicas.map(relay));
    expect([...received].sort()).toEqual([...published].sort());
    const deliveries = await replicas[0].dataSource.getRepository(OutboxDelivery).findBy({ consumer: 'order' });
    expect(deliveries.filter((d) => published.includes(d.eventId)).every((d) => d.status === DeliveryStatus.DELIVERED)).toBe(true);
  });

  it('X2, O1: an order.confirmed delivered to both replicas at once (a retry the balancer sent elsewhere) issues its licenses once', async () => {
    const payload: OrderConfirmed = {
      orderId: randomUUID(),
      orderNumber: 'CG-880001',
      accountId: DEMO.accounts.sam.id,
      confirmedAt: clock.now().toISOString(),
      lines: [{ orderItemId: randomUUID(), productId: DEMO.products.maximumSecurity, productName: 'Maximum Security (1 year, 3 devices)', quantity: 3, devices: 3, term: 'ANNUAL', autoRenew: true }],
    };
    const envelope: EventEnvelope = {
      id: randomUUID(),
      type: ORDER_CONFIRMED,
      producer: 'order',
      aggregateType: 'order',
      aggregateId: payload.orderId,
      payload: { ...payload },
      occurredAt: clock.now().toISOString(),
    };
    const deliver = (replica: RunningSubgraph<any>) =>
      fetch(`${replica.url.replace(/\/graphql$/, '')}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [HEADERS.gatewaySecret]: secret },
        body: JSON.stringify(envelope),
      });
    const answers = await Promise.all([...replicas, ...replicas].map(deliver));
    // Every delivery is acknowledged (a duplicate is), so no relay retries for ever.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const licenses = await replicas[0].dataSource.getRepository(License).findBy({ orderId: payload.orderId });
    expect(licenses).toHaveLength(3);
    expect(new Set(licenses.map((l) => l.orderItemUnit))).toEqual(new Set([1, 2, 3]));
    expect(await replicas[1].dataSource.getRepository(HandledEvent).countBy({ eventId: envelope.id })).toBe(1);
  });
});
