import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { InternalClient } from '../kernel/internal-client';
import * as passwords from '../subgraphs/account/passwords/password';
import * as phoneCodes from '../subgraphs/account/phone/phone-code';
import { BOTH_DATABASES } from './support/database';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

const RECOVER = 'mutation($c: String!) { recoverEmail(code: $c) { __typename ... on RecoveredEmail { maskedEmail } ... on ErrorResult { code } } }';
const REQUEST_CODE = 'mutation($p: String!) { requestPhoneCode(phone: $p) { __typename ... on ErrorResult { code } } }';
const CONFIRM_PHONE = 'mutation($p: String!, $c: String!) { confirmPhone(phone: $p, code: $c) { __typename ... on ErrorResult { code } } }';
const ME = '{ me { phone } }';

/** Resolves once `done()` holds, polling briefly (the burst's requests settle on their own). */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (done()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Holds every secret check open until released, as a slow hash or a slow lookup would, and
 * records what was checked: the whole burst is in flight at once, and the test knows exactly
 * which guesses reached the check.
 */
function holdChecks<M extends object>(target: M, method: keyof M & string, what: (...args: any[]) => string | null) {
  const checked: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const original = target[method] as unknown as (...args: any[]) => Promise<unknown>;
  const spy = jest.spyOn(target as any, method).mockImplementation(async function (this: unknown, ...args: any[]) {
    const name = what(...args);
    if (name !== null) {
      checked.push(name);
      await gate;
    }
    return original.apply(this, args);
  });
  return { checked, release, restore: () => spy.mockRestore() };
}

/**
 * Fires `guesses` all at once, then — while every one of them is still held in its check or
 * already refused — the right secret, so it arrives after the free allowance is spent but while
 * the burst is in flight. Returns each answer's __typename (or code) and what was checked.
 */
async function burst(
  hold: ReturnType<typeof holdChecks>,
  guesses: Array<() => Promise<any>>,
  right: { name: string; send: () => Promise<any> },
): Promise<{ answers: any[]; rightAnswer: any; checked: string[] }> {
  let settled = 0;
  const pending = guesses.map((send) => send().finally(() => (settled += 1)));
  await until(() => hold.checked.length + settled >= guesses.length, 'every guess to be held or refused');
  let rightSettled = false;
  const rightPending = right.send().finally(() => (rightSettled = true));
  await until(() => rightSettled || hold.checked.includes(right.name), 'the right secret to be checked or refused');
  hold.release();
  const [answers, rightAnswer] = await Promise.all([Promise.all(pending), rightPending]);
  hold.restore();
  return { answers, rightAnswer, checked: [...hold.checked] };
}

const count = (answers: any[], typename: string) => answers.filter((a) => a.__typename === typename).length;

/**
 * Guesses sent at once are throttled exactly as if sent one at a time: each attempt takes its
 * slot atomically before the secret is checked (A3, A5, phone codes). Checked on SQLite and on
 * MySQL in the same run.
 */
describe.each(BOTH_DATABASES)('parallel guesses on $name (A3, A5)', ({ kind }) => {
  let graph: TestGraph;
  let sms: http.Server;
  const texts: Array<{ to: string; text: string }> = [];
  const signIn = clientOperation('SignIn');

  beforeAll(async () => {
    sms = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        texts.push(JSON.parse(body));
        res.end('{}');
      });
    });
    await new Promise<void>((r) => sms.listen(0, '127.0.0.1', r));
    // The published defaults of A3: three free failures, then 1, 2, 4 … s, a lock after 10.
    graph = await startTestGraph({ database: kind, env: { SMS_WEBHOOK_URL: `http://127.0.0.1:${(sms.address() as AddressInfo).port}/messages` } });
  });
  afterAll(async () => {
    await graph.close();
    sms.close();
  });

  const signInAs = (email: string, password: string, ip: string) =>
    graph.query(signIn, { email, password }, { headers: { 'x-forwarded-for': ip } }).then((r) => r.body.data?.signIn ?? r.body.errors);

  // Three free failures and the fourth try, then a wait: one at a time, four passwords are checked.
  const SIGN_IN_ALLOWANCE = 4;

  it.each([
    [30, DEMO.accounts.dana.email],
    [100, DEMO.accounts.sam.email],
  ])('A3: %i guesses at once for one account, from as many addresses, check only the free allowance; the right password among them gets no Session', async (n, email) => {
    const hold = holdChecks(passwords, 'verifyPassword', (password: string) => password);
    const { answers, rightAnswer, checked } = await burst(
      hold,
      Array.from({ length: n - 1 }, (_, i) => () => signInAs(email, `wrong guess number ${i}`, `10.${n}.${i >> 8}.${i & 255}`)),
      { name: DEMO_PASSWORD, send: () => signInAs(email, DEMO_PASSWORD, `10.${n}.255.255`) },
    );
    expect(checked).toHaveLength(SIGN_IN_ALLOWANCE);
    expect(checked).not.toContain(DEMO_PASSWORD);
    expect(rightAnswer).toMatchObject({ __typename: 'TooManyAttemptsError', code: 'TOO_MANY_ATTEMPTS' });
    expect(count(answers, 'InvalidCredentialsError')).toBe(SIGN_IN_ALLOWANCE);
    expect(count(answers, 'TooManyAttemptsError')).toBe(n - 1 - SIGN_IN_ALLOWANCE);
    expect(count([...answers, rightAnswer], 'Session')).toBe(0);
    // A lock never outlasts its time: after the wait the owner signs in.
    graph.clock.advance(2_000);
    expect((await signInAs(email, DEMO_PASSWORD, '192.0.2.200')).__typename).toBe('Session');
  });

  it('A3: one attempt costs a fixed number of statements: the throttle reads once and writes each key once', async () => {
    graph.clock.advance(60 * 60_000);
    const statements = async (send: () => Promise<unknown>) => {
      const before = graph.sqlCounts().account;
      await send();
      return graph.sqlCounts().account - before;
    };
    // Read both keys, take the address and identifier slots, read the account.
    expect(await statements(() => signInAs(DEMO.accounts.dana.email, 'a wrong password', '192.0.2.77'))).toBe(4);
    // The same, then clear the identifier, refund the address, write the session.
    expect(await statements(() => signInAs(DEMO.accounts.dana.email, DEMO_PASSWORD, '192.0.2.77'))).toBe(7);
  });

  it('A3: customers who sign in from one address are not slowed down by their own successes', async () => {
    graph.clock.advance(60 * 60_000);
    const outcomes = [];
    for (let i = 0; i < 8; i++) outcomes.push((await signInAs(i % 2 ? DEMO.accounts.dana.email : DEMO.accounts.sam.email, DEMO_PASSWORD, '198.51.100.8')).__typename);
    expect(outcomes).toEqual(Array(8).fill('Session'));
  });

  it('A3: an unknown e-mail is throttled like a known one', async () => {
    const hold = holdChecks(passwords, 'verifyPassword', (password: string) => password);
    const { answers, checked } = await burst(
      hold,
      Array.from({ length: 29 }, (_, i) => () => signInAs('ghost@example.com', `wrong guess number ${i}`, `10.7.0.${i}`)),
      { name: 'right-for-nobody', send: () => signInAs('ghost@example.com', 'right-for-nobody', '10.7.1.1') },
    );
    expect(checked).toHaveLength(SIGN_IN_ALLOWANCE);
    expect(count(answers, 'TooManyAttemptsError')).toBe(29 - SIGN_IN_ALLOWANCE);
  });

  it('A3: 30 guesses at once from one address, each for another account, check only the free allowance of the address', async () => {
    graph.clock.advance(60 * 60_000);
    const hold = holdChecks(passwords, 'verifyPassword', (password: string) => password);
    const { answers, rightAnswer, checked } = await burst(
      hold,
      Array.from({ length: 29 }, (_, i) => () => signInAs(`customer${i}@example.com`, `wrong guess number ${i}`, '198.51.100.30')),
      { name: DEMO_PASSWORD, send: () => signInAs(DEMO.accounts.dana.email, DEMO_PASSWORD, '198.51.100.30') },
    );
    expect(checked).toHaveLength(SIGN_IN_ALLOWANCE);
    expect(rightAnswer.__typename).toBe('TooManyAttemptsError');
    expect(count(answers, 'TooManyAttemptsError')).toBe(29 - SIGN_IN_ALLOWANCE);
  });

  // A5: five free lookups and the sixth, then a wait.
  const RECOVERY_ALLOWANCE = 6;
  const lookups = () =>
    holdChecks(InternalClient.prototype, 'post', (_subgraph: string, path: string, body: { code?: string }) => (path.includes('license') && body?.code ? body.code : null));

  it.each([30, 100])('A5: %i lookups of one code at once, from as many addresses, look up only the free allowance', async (n) => {
    graph.clock.advance(60 * 60_000);
    const code = n === 30 ? 'MS7Q-4K2W-9PXC-31RA' : 'AC-MS-2B6T9Y1Q';
    const recover = (ip: string) => graph.query(RECOVER, { c: code }, { headers: { 'x-forwarded-for': ip } }).then((r) => r.body.data.recoverEmail);
    const hold = lookups();
    const { answers, rightAnswer, checked } = await burst(
      hold,
      Array.from({ length: n - 1 }, (_, i) => () => recover(`10.${n}.${i >> 8}.${i & 255}`)),
      { name: '(none: every lookup is of the real code)', send: () => recover('10.99.99.99') },
    );
    expect(checked).toHaveLength(RECOVERY_ALLOWANCE);
    expect(count([...answers, rightAnswer], 'RecoveredEmail')).toBe(RECOVERY_ALLOWANCE);
    expect(count([...answers, rightAnswer], 'TooManyAttemptsError')).toBe(n - RECOVERY_ALLOWANCE);
  });

  it('A5: 30 lookups of different codes at once from one address look up only the free allowance; the real code among them shows nothing', async () => {
    graph.clock.advance(60 * 60_000);
    const recover = (code: string) => graph.query(RECOVER, { c: code }, { headers: { 'x-forwarded-for': '198.51.100.55' } }).then((r) => r.body.data.recoverEmail);
    const hold = lookups();
    const { answers, rightAnswer, checked } = await burst(
      hold,
      Array.from({ length: 29 }, (_, i) => () => recover(`GUESS-${i}`)),
      { name: 'MS7Q-4K2W-9PXC-31RA', send: () => recover('MS7Q-4K2W-9PXC-31RA') },
    );
    expect(checked).toHaveLength(RECOVERY_ALLOWANCE);
    expect(rightAnswer.__typename).toBe('TooManyAttemptsError');
    expect(count(answers, 'UnknownProductCodeError')).toBe(RECOVERY_ALLOWANCE);
  });

  it.each([30, 100])('phone codes: %i code requests at once send at most three', async (n) => {
    graph.clock.advance(60 * 60_000);
    const phone = n === 30 ? '+447700900123' : '+447700900456';
    const answers = await Promise.all(
      Array.from({ length: n }, () => graph.query(REQUEST_CODE, { p: phone }, { as: DEMO.accounts.sam.id }).then((r) => r.body.data.requestPhoneCode)),
    );
    expect(count(answers, 'PhoneCodeSent')).toBe(3);
    expect(count(answers, 'TooManyAttemptsError')).toBe(n - 3);
    await until(() => texts.filter((t) => t.to === phone).length >= 3, 'three texts');
    await new Promise((r) => setTimeout(r, 50));
    expect(texts.filter((t) => t.to === phone)).toHaveLength(3);
  });

  it.each([30, 100])('phone codes: %i tries of one code at once compare only five; the right code among them confirms nothing', async (n) => {
    graph.clock.advance(60 * 60_000);
    const phone = n === 30 ? '+33612000030' : '+33612000100';
    const asSam = { as: DEMO.accounts.sam.id };
    expect((await graph.query(REQUEST_CODE, { p: phone }, asSam)).body.data.requestPhoneCode.__typename).toBe('PhoneCodeSent');
    await until(() => texts.some((t) => t.to === phone), 'the text');
    const code = /\b(\d{6})\b/.exec(texts.find((t) => t.to === phone)!.text)![1];
    const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
    const confirm = (c: string) => graph.query(CONFIRM_PHONE, { p: phone, c }, asSam).then((r) => r.body.data.confirmPhone);
    const hold = holdChecks(phoneCodes, 'phoneCodeMatches', (_id: string, c: string) => c);
    const { answers, rightAnswer, checked } = await burst(hold, Array.from({ length: n - 1 }, (_, i) => () => confirm(wrong(i))), { name: code, send: () => confirm(code) });
    expect(checked).toHaveLength(5);
    expect(checked).not.toContain(code);
    expect(rightAnswer).toMatchObject({ __typename: 'InvalidPhoneCodeError', code: 'INVALID_CODE' });
    expect(count(answers, 'InvalidPhoneCodeError')).toBe(n - 1);
    expect((await graph.query(ME, {}, asSam)).body.data.me.phone).not.toBe(phone);
  });
});
