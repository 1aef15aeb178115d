import { hostname } from 'node:os';
import { DEMO } from '../../kernel/demo';
import { JobWorker } from '../../kernel/outbox/jobs';
import { orderSubgraph } from '../../subgraphs/order/order.subgraph';
import { startSmtpServer } from '../support/smtp';
import { startTestGraph, type TestGraph } from '../support/graph';
import { at, buySubscription, DAY, licenseOf, oneYearAfter, renewalCharges } from './support';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** X2, X3: every reminder, renewal, confirmation, retry and lapse happens once, on its day, whatever dies or runs twice. */
describe('renewals happen exactly once (X2, X3)', () => {
  let graph: TestGraph;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    // Durable: the kill tests restart subgraphs on the same databases.
    graph = await startTestGraph({ durable: true, env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await graph.close();
    await smtp.close();
  });

  /** Mails to `email` by the day they arrived on the clock, as "<day> <subject>". */
  function mailLog(email: string, log: string[]) {
    return () => {
      for (const m of smtp.received.splice(0)) {
        if (!m.to.includes(email)) continue;
        log.push(`${day(graph.clock.now().getTime())} ${/Subject: (.*)/.exec(m.text)![1].trim()}`);
      }
    };
  }
  async function settleMail() {
    // SMTP delivery runs beside the worker: let the server finish reading what was sent.
    await new Promise((r) => setTimeout(r, 50));
  }

  it('X3, S3: a year of an annual license, day by day: two reminders, one renewal, one confirmation, each on its day', async () => {
    const email = 'once.annual@example.com';
    const { as, license } = await buySubscription(graph, { email });
    smtp.received.splice(0);
    const log: string[] = [];
    const collect = mailLog(email, log);
    const start = graph.clock.now().getTime();
    const expiresAt = Date.parse(license.expiresAt);
    for (let t = start + DAY; t <= start + 366 * DAY; t += DAY) {
      await at(graph, t);
      await settleMail();
      collect();
    }
    expect(log).toEqual([
      `${day(expiresAt - 30 * DAY)} Your Antivirus+ (1 year, 1 device) renews on ${day(expiresAt - DAY)}`,
      `${day(expiresAt - 7 * DAY)} Your Antivirus+ (1 year, 1 device) renews on ${day(expiresAt - DAY)}`,
      `${day(expiresAt - DAY)} Your Antivirus+ (1 year, 1 device) was renewed`,
    ]);
    expect((await renewalCharges(graph, license.id)).map((c) => c.state)).toEqual(['PAID']);
    expect(Date.parse((await licenseOf(graph, as, license.id)).expiresAt)).toBe(oneYearAfter(expiresAt));
  }, 300_000);

  it('X3, S3, S7: months of a monthly license: a 7-day reminder and a renewal each month; then a declining card: three retries and the lapse, once each', async () => {
    const email = 'once.monthly@example.com';
    // A card of its own: the sandbox keeps one stored method per card, which this test makes decline later.
    const { as, license, order } = await buySubscription(graph, { email, productId: DEMO.products.antivirusMonthly, card: '6011111111111117' });
    smtp.received.splice(0);
    const log: string[] = [];
    const collect = mailLog(email, log);
    const start = graph.clock.now().getTime();
    for (let t = start + DAY; t <= start + 95 * DAY; t += DAY) {
      await at(graph, t);
      await settleMail();
      collect();
    }
    const reminders = log.filter((l) => l.includes('renews on'));
    const renewed = log.filter((l) => l.includes('was renewed'));
    expect(renewed).toHaveLength(3);
    expect(reminders).toHaveLength(3);
    // Each reminder six days before its renewal (7 days before expiry, the charge 1 day before).
    for (let i = 0; i < 3; i++) expect(Date.parse(renewed[i].slice(0, 10)) - Date.parse(reminders[i].slice(0, 10))).toBe(6 * DAY);
    expect(new Set(log).size).toBe(log.length);
    expect((await renewalCharges(graph, license.id)).map((c) => c.state)).toEqual(['PAID', 'PAID', 'PAID']);

    // The stored card starts declining: S7 on the next term, day by day.
    const current = await licenseOf(graph, as, license.id);
    await graph.subgraphs.order.dataSource.query("UPDATE sandbox_payment_methods SET behaviour = 'DECLINE_LATER' WHERE id = (SELECT paymentReference FROM orders WHERE id = ?)", [order.id]);
    log.splice(0);
    const from = graph.clock.now().getTime();
    for (let t = from + DAY; t <= Date.parse(current.expiresAt) + 10 * DAY; t += DAY) {
      await at(graph, t);
      await settleMail();
      collect();
    }
    const declined = log.filter((l) => l.includes('could not renew'));
    expect(declined).toHaveLength(4);
    const first = Date.parse(declined[0].slice(0, 10));
    expect(declined.map((l) => (Date.parse(l.slice(0, 10)) - first) / DAY)).toEqual([0, 1, 3, 5]);
    expect((await renewalCharges(graph, license.id)).map((c) => c.state)).toEqual(['PAID', 'PAID', 'PAID', 'DECLINED', 'DECLINED', 'DECLINED', 'DECLINED']);
    expect((await licenseOf(graph, as, license.id)).state).toBe('EXPIRED');
  }, 300_000);

  async function dueRenewal(email: string) {
    const bought = await buySubscription(graph, { email, as: DEMO.accounts.dana.id });
    const expiresAt = Date.parse(bought.license.expiresAt);
    await at(graph, expiresAt - 7 * DAY + 60_000);
    graph.clock.set(new Date(expiresAt - DAY + 60_000));
    return { ...bought, expiresAt };
  }

  async function assertOnce(licenseId: string, expiresAt: number) {
    const charges = await renewalCharges(graph, licenseId);
    expect(charges.map((c) => c.state)).toEqual(['PAID']);
    const captures = await graph.subgraphs.order.dataSource.query("SELECT COUNT(*) AS n FROM payments WHERE orderId = ? AND kind = 'CAPTURE' AND state = 'SUCCEEDED'", [charges[0].orderId]);
    expect(Number(captures[0].n)).toBe(1);
    const authorizations = await graph.subgraphs.order.dataSource.query("SELECT COUNT(*) AS n FROM sandbox_processor_calls WHERE idempotencyKey LIKE ? AND operation = 'AUTHORIZE'", [`renewal:${licenseId}:%`]);
    expect(Number(authorizations[0].n)).toBe(1);
    const terms = await graph.subgraphs.subscription.dataSource.query('SELECT COUNT(*) AS n FROM license_terms WHERE licenseId = ?', [licenseId]);
    expect(Number(terms[0].n)).toBe(2);
    const license = await graph.subgraphs.subscription.dataSource.query('SELECT expiresAt FROM licenses WHERE id = ?', [licenseId]);
    expect(new Date(license[0].expiresAt).getTime()).toBe(oneYearAfter(expiresAt));
  }

  it('X2: the order subgraph killed after the renewal is asked for and before it is paid: one charge, one extension', async () => {
    const { license, expiresAt } = await dueRenewal('once.kill.order@example.com');
    await graph.subgraphs.subscription.worker.runDue(); // the sweep asks for the renewal
    await graph.stopSubgraph('order');
    await graph.drain(); // the request cannot be delivered
    await graph.restartSubgraph('order');
    graph.clock.advance(60_000);
    await graph.drain();
    await assertOnce(license.id, expiresAt);
  });

  it('X2: the processor charged but its answer was lost (the order subgraph died in between): the retry with the same key charges nothing twice', async () => {
    const { license, expiresAt } = await dueRenewal('once.lost.answer@example.com');
    await graph.subgraphs.subscription.worker.runDue();
    await graph.subgraphs.subscription.relay.deliverDue();
    graph.subgraphs.order.services.payments.processor.failNextCall('after-processing');
    await graph.drain(); // the charge job fails once and waits for its retry
    graph.clock.advance(60_000);
    await graph.drain();
    await assertOnce(license.id, expiresAt);
  });

  it('X2: the subscription subgraph killed after payment and before the extension: one charge, one extension, even when the event comes twice', async () => {
    const { license, expiresAt } = await dueRenewal('once.kill.subscription@example.com');
    await graph.subgraphs.subscription.worker.runDue();
    await graph.subgraphs.subscription.relay.deliverDue();
    await graph.subgraphs.order.worker.runDue(); // paid: the renewal order and renewal.paid are written
    await graph.stopSubgraph('subscription');
    await graph.drain();
    await graph.restartSubgraph('subscription');
    graph.clock.advance(60_000);
    await graph.drain();
    await assertOnce(license.id, expiresAt);
    await graph.subgraphs.order.dataSource.query("UPDATE outbox_deliveries SET status = 'PENDING', nextAttemptAt = ? WHERE consumer = 'subscription'", [graph.clock.now()]);
    await graph.drain();
    await assertOnce(license.id, expiresAt);
  });

  it('X2: two workers claim the renewal jobs at once, and a job run again: never a double charge', async () => {
    const bought = [];
    for (const n of ['a', 'b', 'c', 'd', 'e', 'f']) bought.push(await buySubscription(graph, { email: `once.race.${n}@example.com`, as: DEMO.accounts.dana.id }));
    const expiresAt = Math.max(...bought.map((b) => Date.parse(b.license.expiresAt)));
    await at(graph, expiresAt - 7 * DAY + 60_000);
    graph.clock.set(new Date(expiresAt - DAY + 60_000));
    await graph.subgraphs.subscription.worker.runDue();
    await graph.subgraphs.subscription.relay.deliverDue();
    const order = graph.subgraphs.order;
    const workers = ['one', 'two'].map((n) => new JobWorker(order.dataSource, graph.clock, order.services.log, orderSubgraph.jobHandlers, order.services, { workerId: `${n}@${hostname()}` }));
    // Every charge job twice over, as if a second copy had been written.
    await order.dataSource.query("INSERT INTO jobs (id, type, payload, dueAt, status, attempts, maxAttempts, lastError, lockedBy, lockedUntil, createdAt, updatedAt) SELECT CONCAT(SUBSTRING(id, 1, 30), 'dupdup'), type, payload, dueAt, status, attempts, maxAttempts, lastError, lockedBy, lockedUntil, createdAt, updatedAt FROM jobs WHERE type = 'renewals.charge' AND status = 'PENDING'");
    await Promise.all([workers[0].runDue(5), workers[1].runDue(5), workers[0].runDue(5), workers[1].runDue(5)]);
    await graph.drain();
    for (const b of bought) await assertOnce(b.license.id, Date.parse(b.license.expiresAt));
  });
});
