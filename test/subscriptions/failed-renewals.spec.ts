import { startSmtpServer } from '../support/smtp';
import { startTestGraph, type TestGraph } from '../support/graph';
import { CARDS, card } from '../store/support';
import { at, buySubscription, DAY, licenseOf, oneYearAfter, RENEW, renewalCharges } from './support';

/** S7: a declined renewal is retried 1, 3 and 5 days after the first decline, the license in grace, then it lapses. */
describe('failed renewals (S7)', () => {
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

  const declines = (email: string) => smtp.received.filter((m) => m.to.includes(email) && /Subject: We could not renew/.test(m.text));

  it('S7: test card 4000000000000341: declined, retried on days 1, 3 and 5 with a mail each time, IN_GRACE meanwhile, then EXPIRED', async () => {
    const email = 'renew.declined@example.com';
    const { as, license } = await buySubscription(graph, { email, card: CARDS.declinesLater });
    const expiresAt = Date.parse(license.expiresAt);
    const firstCharge = expiresAt - DAY;
    await at(graph, expiresAt - 30 * DAY + 60_000);
    await at(graph, expiresAt - 7 * DAY + 60_000);
    await at(graph, firstCharge + 60_000);
    expect(declines(email)).toHaveLength(1);
    expect(declines(email)[0].text).toMatch(/We will try again on \d{4}-\d{2}-\d{2}/);
    expect(declines(email)[0].text).toContain('Renew Subscription');
    expect(declines(email)[0].text).toMatch(/Error number: PD-/);
    // Through the day of expiry and beyond: in grace, usable.
    await at(graph, expiresAt + 3_600_000);
    expect((await licenseOf(graph, as, license.id)).state).toBe('IN_GRACE');
    // Retries 1, 3 and 5 days after the first decline, each once, on its day.
    for (const [day, expected] of [[1, 2], [2, 2], [3, 3], [4, 3], [5, 4], [6, 4]] as const) {
      await at(graph, firstCharge + day * DAY + 120_000);
      expect((await renewalCharges(graph, license.id)).length).toBe(expected);
    }
    expect(declines(email)).toHaveLength(4);
    expect(declines(email)[3].text).toContain('This was the last try');
    const lapsed = await licenseOf(graph, as, license.id);
    expect(lapsed.state).toBe('EXPIRED');
    expect(lapsed.nextRenewal).toBeNull();
    expect((await renewalCharges(graph, license.id)).every((c) => c.state === 'DECLINED')).toBe(true);
  });

  it('S7, S5: a renewal by hand during the grace ends it: extended from the old expiry, no more retries', async () => {
    const email = 'renew.rescued@example.com';
    const { as, license } = await buySubscription(graph, { email, card: CARDS.declinesLater });
    const expiresAt = Date.parse(license.expiresAt);
    await at(graph, expiresAt - 7 * DAY + 60_000);
    await at(graph, expiresAt - DAY + 60_000);
    await at(graph, expiresAt + 3_600_000);
    expect((await licenseOf(graph, as, license.id)).state).toBe('IN_GRACE');
    const renewed = await graph.query(RENEW, { licenseId: license.id, payment: card(CARDS.visa) }, { as });
    expect(renewed.body.data.renewSubscription.__typename).toBe('OrderConfirmation');
    await graph.drain();
    const after = await licenseOf(graph, as, license.id);
    expect(after.state).toBe('ACTIVE');
    expect(Date.parse(after.expiresAt)).toBe(oneYearAfter(expiresAt));
    const before = (await renewalCharges(graph, license.id)).length;
    for (let day = 1; day <= 7; day++) await at(graph, expiresAt + day * DAY);
    expect((await renewalCharges(graph, license.id)).length).toBe(before);
  });
});
