import { startSmtpServer } from '../support/smtp';
import { startTestGraph, type TestGraph } from '../support/graph';
import { at, buySubscription, DAY, licenseOf, oneYearAfter, MY_ORDERS, renewalCharges } from './support';

/** S3 through the gateway: reminders, the renewal order charged to the stored card, the extension and its confirmation. */
describe('Auto-Renewal (S3)', () => {
  let graph: TestGraph;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    graph = await startTestGraph({ env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await graph.close();
    await smtp.close();
  });

  it('S3: nextRenewal shows the date and amount; reminders at 30 and 7 days; renewed the day before expiry with the same serial, an order with its invoice, and a confirmation', async () => {
    const email = 'renew.auto@example.com';
    const { as, order, license } = await buySubscription(graph, { email });
    smtp.received.splice(0);
    const expiresAt = Date.parse(license.expiresAt);
    // S3: charged 24 hours before expiry, the current price with the Texas sales tax: what the order cost.
    expect(license.nextRenewal.at).toBe(new Date(expiresAt - DAY).toISOString());
    expect(license.nextRenewal.amount).toEqual(order.total);

    await at(graph, expiresAt - 31 * DAY);
    expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(0);
    await at(graph, expiresAt - 30 * DAY + 3_600_000);
    const first = await smtp.next(email);
    expect(first.text).toContain(`${(order.total.amount / 100).toFixed(2)} USD`);
    expect(first.text).toContain(new Date(expiresAt - DAY).toISOString().slice(0, 10));
    expect(first.text).toContain(license.serialNumber);
    expect(first.text).not.toContain('4242424242424242');

    await at(graph, expiresAt - 7 * DAY + 3_600_000);
    await smtp.next(email);
    await at(graph, expiresAt - DAY + 3_600_000);
    const confirmation = await smtp.next(email);
    expect(confirmation.text).toContain('was renewed until');

    const renewed = await licenseOf(graph, as, license.id);
    expect(renewed.serialNumber).toBe(license.serialNumber);
    expect(renewed.activationCode).toBe(license.activationCode);
    expect(Date.parse(renewed.expiresAt)).toBe(oneYearAfter(expiresAt));
    expect(renewed.state).toBe('ACTIVE');
    expect(Date.parse(renewed.nextRenewal.at)).toBe(Date.parse(renewed.expiresAt) - DAY);

    const charges = await renewalCharges(graph, license.id);
    expect(charges).toHaveLength(1);
    expect(charges[0].state).toBe('PAID');
    const orders = (await graph.query(MY_ORDERS, {}, { as })).body.data.me.orders.edges.map((e: any) => e.node);
    const renewal = orders.find((o: any) => o.id === charges[0].orderId);
    expect(renewal).toMatchObject({ kind: 'RENEWAL', total: { amount: order.total.amount }, licenses: [{ id: license.id }] });
    expect(renewal.invoice.number).toMatch(/^INV-/);
    // The renewal was charged (captured) with the stored reference, once.
    const payments = await graph.subgraphs.order.dataSource.query("SELECT kind, state FROM payments WHERE orderId = ? ORDER BY createdAt", [renewal.id]);
    expect(payments.map((p: any) => `${p.kind}:${p.state}`)).toEqual(expect.arrayContaining(['AUTHORIZATION:SUCCEEDED', 'CAPTURE:SUCCEEDED']));
    expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(0);
  });

  it('S3: with the plan off (the flag re-checked when due) nothing is reminded or charged, and nextRenewal is null', async () => {
    const email = 'renew.off@example.com';
    const { as, license } = await buySubscription(graph, { email });
    await graph.subgraphs.subscription.dataSource.query('UPDATE licenses SET autoRenew = ? WHERE id = ?', [false, license.id]);
    expect((await licenseOf(graph, as, license.id)).nextRenewal).toBeNull();
    const expiresAt = Date.parse(license.expiresAt);
    for (const lead of [30, 7, 1]) await at(graph, expiresAt - lead * DAY + 3_600_000);
    await at(graph, expiresAt + DAY);
    expect(await renewalCharges(graph, license.id)).toHaveLength(0);
    expect(smtp.received.filter((m) => m.to.includes(email) && /Subject: .*renew/i.test(m.text))).toHaveLength(0);
    expect((await licenseOf(graph, as, license.id)).state).toBe('EXPIRED');
  });
});
