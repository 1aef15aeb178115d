import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Column, Entity, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import { ManualClock } from '../kernel/clock';
import type { DatabaseConfig, SubgraphName } from '../kernel/config';
import { openDatabase } from '../kernel/db';
import { createLogger } from '../kernel/logger';
import { Metrics } from '../kernel/metrics';
import { deadJobs, readBacklog, retryDeadJob } from '../kernel/outbox/backlog';
import type { EventEnvelope } from '../kernel/outbox/envelope';
import { EventInbox, receiveEventRequest, type EventHandler } from '../kernel/outbox/inbox';
import { JobWorker, type JobHandler } from '../kernel/outbox/jobs';
import { DeliveryStatus, Job, JobStatus, OutboxDelivery, OutboxEvent } from '../kernel/outbox/outbox.entities';
import { Outbox } from '../kernel/outbox/outbox';
import { OutboxRelay } from '../kernel/outbox/relay';
import { dropTestDatabases, onMysql, testDatabaseConfig } from './support/database';

/** An effect in the consuming database: one row per event or job that caused it (unique). */
@Entity({ name: 'test_effects' })
class Effect {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  cause: string;

  @Column({ type: 'varchar', length: 100 })
  note: string;

  @Column({ type: 'int' })
  seq: number;
}

const SECRET = 'internal-secret-for-tests';
const silent = createLogger('outbox-test', 'silent');
const ROUTES = { 'order.paid': ['subscription'] as SubgraphName[] };

async function open(name: SubgraphName, config: DatabaseConfig): Promise<DataSource> {
  const ds = await openDatabase({ name, config, entities: [Effect], migrations: [], metrics: new Metrics(name), log: silent });
  // A throw-away test database: the test's own table is synchronised; the outbox tables came
  // from the same entities (SQLite) or are created here too (MySQL without migrations).
  await ds.synchronize();
  return ds;
}

/** A consuming subgraph's /events endpoint, with a handler the test can make fail. */
async function startConsumer(ds: DataSource, clock: ManualClock, handler: EventHandler) {
  const inbox = new EventInbox(ds, clock, { 'order.paid': handler }, {});
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', async () => {
      if (req.headers['x-gateway-secret'] !== SECRET) {
        res.statusCode = 401;
        return res.end();
      }
      const outcome = await receiveEventRequest(inbox as EventInbox<unknown>, JSON.parse(text), silent);
      res.statusCode = outcome.status;
      res.end(JSON.stringify(outcome.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, inbox, close: () => new Promise((r) => server.close(r)) };
}

const kinds: Array<'mysql' | 'sqlite'> = onMysql() ? ['mysql', 'sqlite'] : ['sqlite'];

describe.each(kinds)('transactional outbox and timed jobs on %s (X2, X3)', (kind) => {
  let config: DatabaseConfig;
  let dir: string;
  let producer: DataSource;
  let consumerDb: DataSource;
  const clock = new ManualClock('2026-11-18T09:00:00.000Z');
  const outbox = new Outbox(clock, ROUTES);
  let seq = 0;
  /** The consumer's effect of an order.paid event: a row naming the event. */
  let failuresLeft = 0;
  const effect: EventHandler = async (event, { manager }) => {
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error('consumer is down');
    }
    await manager.insert(Effect, { cause: event.id, note: String(event.payload.orderId), seq: ++seq });
  };
  let consumer: Awaited<ReturnType<typeof startConsumer>>;

  const relayFor = (ds: DataSource) =>
    new OutboxRelay(ds, clock, silent, { producer: 'order', consumerUrls: { subscription: consumer.url }, secret: SECRET, backoff: { baseMs: 1000, maxMs: 60_000 } });
  const effects = () => consumerDb.getRepository(Effect).find({ order: { seq: 'ASC' } });

  async function paid(ds: DataSource, orderId: string, fail?: 'rollback'): Promise<string> {
    let id = '';
    await ds
      .transaction(async (m: EntityManager) => {
        id = await outbox.publish(m, { type: 'order.paid', aggregateType: 'order', aggregateId: orderId, payload: { orderId } });
        await outbox.schedule(m, { type: 'hold.release', payload: { orderId }, dueAt: new Date(clock.now().getTime() + 86_400_000) });
        if (fail) throw new Error('business rule refused the change');
      })
      .catch((e: Error) => {
        if (!fail) throw e;
      });
    return id;
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    config = kind === 'mysql' ? testDatabaseConfig() : { kind: 'sqlite', directory: dir };
    producer = await open('order', config);
    consumerDb = await open('subscription', config);
    consumer = await startConsumer(consumerDb, clock, effect);
  });
  afterAll(async () => {
    await consumer.close();
    await producer.destroy();
    await consumerDb.destroy();
    await dropTestDatabases(config);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    for (const entity of [OutboxDelivery, OutboxEvent, Job]) await producer.getRepository(entity).clear();
    await consumerDb.getRepository(Effect).clear();
    await producer.getRepository(Effect).clear();
    failuresLeft = 0;
  });

  it('a business transaction that rolls back leaves no event and no job', async () => {
    await paid(producer, 'o-rolled-back', 'rollback');
    expect(await producer.getRepository(OutboxEvent).count()).toBe(0);
    expect(await producer.getRepository(OutboxDelivery).count()).toBe(0);
    expect(await producer.getRepository(Job).count()).toBe(0);
  });

  it('refuses to write an event outside a transaction', async () => {
    await expect(outbox.publish(producer.manager, { type: 'order.paid', aggregateType: 'order', aggregateId: 'x', payload: {} })).rejects.toThrow(/business transaction/);
  });

  it('a producer that commits and dies before delivery: the event is delivered after restart', async () => {
    const eventId = await paid(producer, 'o-1');
    await producer.destroy(); // the process dies: nothing was sent
    producer = await open('order', config); // restart
    expect(await relayFor(producer).deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(await effects()).toEqual([expect.objectContaining({ cause: eventId, note: 'o-1' })]);
    expect(await producer.getRepository(OutboxDelivery).findOneByOrFail({ eventId })).toMatchObject({ status: DeliveryStatus.DELIVERED, attempts: 1 });
  });

  it('a consumer that fails 3 times: retried with backoff, the effect happens once when it recovers', async () => {
    failuresLeft = 3;
    const eventId = await paid(producer, 'o-2');
    const relay = relayFor(producer);
    expect(await relay.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    // Not due again before its backoff (1 s after the first failure).
    expect(await relay.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    const delivery = () => producer.getRepository(OutboxDelivery).findOneByOrFail({ eventId });
    expect(await delivery()).toMatchObject({ attempts: 1, lastError: expect.stringContaining('HTTP 500') });
    for (const wait of [1000, 2000, 4000]) {
      clock.advance(wait);
      await relay.deliverDue();
    }
    expect(await delivery()).toMatchObject({ status: DeliveryStatus.DELIVERED, attempts: 4, lastError: null });
    expect(await effects()).toHaveLength(1);
  });

  it('the same event delivered twice (a lost acknowledgement): one effect', async () => {
    const eventId = await paid(producer, 'o-3');
    await relayFor(producer).deliverDue();
    // The acknowledgement is lost: the row still says pending, so the relay sends it again.
    await producer.getRepository(OutboxDelivery).update({ eventId }, { status: DeliveryStatus.PENDING });
    expect(await relayFor(producer).deliverDue()).toEqual({ delivered: 1, failed: 0 });
    const event = await producer.getRepository(OutboxEvent).findOneByOrFail({ id: eventId });
    const envelope: EventEnvelope = { id: event.id, type: event.type, producer: 'order', aggregateType: 'order', aggregateId: 'o-3', payload: { orderId: 'o-3' }, occurredAt: event.occurredAt.toISOString() };
    expect(await consumer.inbox.receive(envelope)).toBe('duplicate');
    expect(await effects()).toHaveLength(1);
  });

  it('delivers the events of one aggregate in order, even when the first needs retries', async () => {
    const first = await paid(producer, 'o-4');
    const second = await paid(producer, 'o-4');
    const other = await paid(producer, 'o-5');
    failuresLeft = 1;
    const relay = relayFor(producer);
    await relay.deliverDue(); // o-4 #1 fails; o-4 #2 waits behind it; o-5 goes through
    clock.advance(1000);
    await relay.deliverDue(); // o-4 #1
    await relay.deliverDue(); // o-4 #2
    const order = (await effects()).map((e) => e.cause);
    expect(order.filter((c) => c !== other)).toEqual([first, second]);
    expect(order).toContain(other);
  });

  it('reports the backlog: pending and retrying events, pending and dead jobs', async () => {
    failuresLeft = 1;
    await paid(producer, 'o-6');
    expect(await readBacklog(producer)).toMatchObject({ eventsPending: 1, eventsRetrying: 0, jobsPending: 1, jobsDead: 0 });
    await relayFor(producer).deliverDue();
    expect(await readBacklog(producer)).toMatchObject({ eventsPending: 1, eventsRetrying: 1 });
  });

  describe('timed jobs', () => {
    let runs: string[];
    const handlers: Record<string, JobHandler> = {
      'hold.release': async (payload, { manager, job }) => {
        runs.push(job.id);
        await manager.insert(Effect, { cause: job.id, note: payload.orderId, seq: ++seq });
      },
      'always.fails': async () => {
        throw new Error('processor answered 503');
      },
    };
    const worker = (ds: DataSource, id: string) => new JobWorker(ds, clock, silent, handlers, {}, { workerId: id, backoff: { baseMs: 1000, maxMs: 60_000 } });
    beforeEach(() => {
      runs = [];
    });

    it('X3: a job runs when the clock reaches its due time, not before', async () => {
      await paid(producer, 'o-7');
      const w = worker(producer, 'w1');
      expect(await w.runDue()).toEqual({ done: 0, retried: 0, dead: 0 });
      clock.advance(86_400_000);
      expect(await w.runDue()).toEqual({ done: 1, retried: 0, dead: 0 });
      expect(await w.runDue()).toEqual({ done: 0, retried: 0, dead: 0 });
      expect(runs).toHaveLength(1);
    });

    it('a failing job is retried with backoff, then stops as DEAD with its error kept', async () => {
      await producer.transaction((m) => outbox.schedule(m, { type: 'always.fails', payload: {}, dueAt: clock.now(), maxAttempts: 3 }));
      const w = worker(producer, 'w1');
      expect(await w.runDue()).toEqual({ done: 0, retried: 1, dead: 0 });
      clock.advance(1000);
      expect(await w.runDue()).toEqual({ done: 0, retried: 1, dead: 0 });
      clock.advance(2000);
      expect(await w.runDue()).toEqual({ done: 0, retried: 0, dead: 1 });
      clock.advance(3_600_000);
      expect(await w.runDue()).toEqual({ done: 0, retried: 0, dead: 0 });
      const dead = await deadJobs(producer);
      expect(dead).toEqual([expect.objectContaining({ type: 'always.fails', attempts: 3, lastError: 'Error: processor answered 503' })]);
      expect((await readBacklog(producer)).jobsDead).toBe(1);
      expect(await retryDeadJob(producer, clock, dead[0].id)).toBe(true);
      expect((await readBacklog(producer)).jobsPending).toBe(1);
    });

    it('a job whose worker died is taken over once its lease runs out', async () => {
      await producer.transaction((m) => outbox.schedule(m, { type: 'hold.release', payload: { orderId: 'o-8' }, dueAt: clock.now() }));
      await producer.getRepository(Job).update({ type: 'hold.release' }, { status: JobStatus.RUNNING, lockedBy: 'dead-worker', lockedUntil: new Date(clock.now().getTime() + 60_000), attempts: 1 });
      expect(await worker(producer, 'w2').runDue()).toEqual({ done: 0, retried: 0, dead: 0 });
      clock.advance(60_000);
      expect(await worker(producer, 'w2').runDue()).toEqual({ done: 1, retried: 0, dead: 0 });
      expect(runs).toHaveLength(1);
    });

    (kind === 'mysql' ? it : it.skip)('a claim skips the jobs another replica holds, without waiting for it', async () => {
      await producer.transaction(async (m) => {
        for (let i = 0; i < 6; i++) await outbox.schedule(m, { type: 'hold.release', payload: { orderId: `h-${i}` }, dueAt: new Date(clock.now().getTime() - (6 - i) * 1000) });
      });
      const replica = await open('order', config);
      const holder = replica.createQueryRunner();
      try {
        // Another replica is in the middle of its claim: it holds the three oldest due jobs.
        await holder.startTransaction('READ COMMITTED'); // as claims run
        const held: Array<{ id: string }> = await holder.query(
          "SELECT id FROM jobs WHERE status = 'PENDING' AND dueAt <= ? ORDER BY dueAt LIMIT 3 FOR UPDATE SKIP LOCKED",
          [clock.now()],
        );
        expect(held).toHaveLength(3);
        const round = await worker(producer, 'w-skip').runDue(10);
        expect(round.done).toBe(3);
        expect(runs.some((id) => held.some((h) => h.id === id))).toBe(false);
      } finally {
        await holder.rollbackTransaction();
        await holder.release();
        await replica.destroy();
      }
      expect((await worker(producer, 'w-skip').runDue(10)).done).toBe(3);
      expect(new Set(runs).size).toBe(6);
    });

    (kind === 'mysql' ? it : it.skip)('two workers started on the same due jobs: each job runs once', async () => {
      const jobs = 40;
      await producer.transaction(async (m) => {
        for (let i = 0; i < jobs; i++) await outbox.schedule(m, { type: 'hold.release', payload: { orderId: `o-${i}` }, dueAt: clock.now() });
      });
      // A second replica: its own connection pool on the same database.
      const replica = await open('order', config);
      try {
        const a = worker(producer, 'replica-a');
        const b = worker(replica, 'replica-b');
        let done = 0;
        const perWorker = { a: 0, b: 0 };
        while (done < jobs) {
          const [ra, rb] = await Promise.all([a.runDue(5), b.runDue(5)]);
          perWorker.a += ra.done;
          perWorker.b += rb.done;
          if (ra.done + rb.done === 0) break;
          done += ra.done + rb.done;
        }
        expect(done).toBe(jobs);
        expect(new Set(runs).size).toBe(jobs);
        expect(runs).toHaveLength(jobs);
        expect(await consumerDb.getRepository(Effect).count()).toBe(0);
        expect(await producer.getRepository(Effect).count()).toBe(jobs);
        expect(perWorker.a + perWorker.b).toBe(jobs);
      } finally {
        await replica.destroy();
      }
    });
  });
});
