import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO } from '../kernel/demo';
import { startTestGraph, type TestGraph } from './support/graph';

const REQUEST = 'mutation($p: String!) { requestPhoneCode(phone: $p) { __typename ... on PhoneCodeSent { phone expiresAt } ... on ErrorResult { code message } } }';
const CONFIRM = 'mutation($p: String!, $c: String!) { confirmPhone(phone: $p, code: $c) { __typename ... on PhoneConfirmed { phone } ... on ErrorResult { code message } } }';
const ME = '{ me { phone } }';

/** Phone numbers are confirmed by a one-time code sent through the SMS port (a webhook served by this test). */
describe('confirming a phone number with a one-time code', () => {
  let graph: TestGraph;
  let gateway: http.Server;
  const texts: Array<{ to: string; text: string }> = [];
  const sam = DEMO.accounts.sam.id;

  beforeAll(async () => {
    gateway = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        texts.push(JSON.parse(body));
        res.end('{}');
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    graph = await startTestGraph({ env: { SMS_WEBHOOK_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/messages` } });
  });
  afterAll(async () => {
    await graph.close();
    gateway.close();
  });

  async function nextCode(to: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const index = texts.findIndex((t) => t.to === to);
      if (index >= 0) return /\b(\d{6})\b/.exec(texts.splice(index, 1)[0].text)![1];
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no text to ${to}`);
  }
  const asSam = (query: string, variables: Record<string, unknown>) => graph.query(query, variables, { as: sam }).then((r) => r.body.data);

  it('texts a 6-digit code; the right code confirms the number, once', async () => {
    const sent = await asSam(REQUEST, { p: '+44 20 7946 0958' });
    expect(sent.requestPhoneCode).toMatchObject({ __typename: 'PhoneCodeSent', phone: '+442079460958' });
    const code = await nextCode('+442079460958');
    const wrong = code === '000000' ? '000001' : '000000';
    expect((await asSam(CONFIRM, { p: '+442079460958', c: wrong })).confirmPhone).toMatchObject({ code: 'INVALID_CODE' });
    expect((await asSam(ME, {})).me.phone).toBeNull();
    expect((await asSam(CONFIRM, { p: '+442079460958', c: code })).confirmPhone).toEqual({ __typename: 'PhoneConfirmed', phone: '+442079460958' });
    expect((await asSam(ME, {})).me.phone).toBe('+442079460958');
    expect((await asSam(CONFIRM, { p: '+442079460958', c: code })).confirmPhone.code).toBe('INVALID_CODE');
  });

  it('a code expires after 10 minutes', async () => {
    graph.clock.advance(30 * 60_000);
    await asSam(REQUEST, { p: '+4915112345678' });
    const code = await nextCode('+4915112345678');
    graph.clock.advance(10 * 60_000);
    expect((await asSam(CONFIRM, { p: '+4915112345678', c: code })).confirmPhone.code).toBe('INVALID_CODE');
  });

  it('five wrong tries end a code, even before the right one', async () => {
    graph.clock.advance(30 * 60_000);
    await asSam(REQUEST, { p: '+33612345678' });
    const code = await nextCode('+33612345678');
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) await asSam(CONFIRM, { p: '+33612345678', c: wrong });
    expect((await asSam(CONFIRM, { p: '+33612345678', c: code })).confirmPhone.code).toBe('INVALID_CODE');
  });

  it('sends at most three codes per 10 minutes', async () => {
    graph.clock.advance(30 * 60_000);
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) outcomes.push((await asSam(REQUEST, { p: '+33698765432' })).requestPhoneCode.__typename);
    expect(outcomes).toEqual(['PhoneCodeSent', 'PhoneCodeSent', 'PhoneCodeSent', 'TooManyAttemptsError']);
  });

  it('refuses a malformed number, and one another account uses, sending nothing', async () => {
    graph.clock.advance(30 * 60_000);
    const before = texts.length;
    expect((await asSam(REQUEST, { p: '12345' })).requestPhoneCode.code).toBe('INVALID_PHONE');
    expect((await asSam(REQUEST, { p: DEMO.accounts.dana.phone! })).requestPhoneCode.code).toBe('CONTACT_ALREADY_USED');
    await new Promise((r) => setTimeout(r, 100));
    expect(texts.length).toBe(before);
  });

  it('needs a signed-in account', async () => {
    const { body } = await graph.query(REQUEST, { p: '+33698765432' });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
