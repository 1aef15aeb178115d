import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';
import { startSmtpServer } from './support/smtp';

const REQUEST = 'mutation($e: String!) { requestPasswordReset(email: $e) { message } }';
const RESET = `mutation($t: String!, $p: String!, $c: String!) { resetPassword(token: $t, newPassword: $p, confirmPassword: $c) {
  __typename ... on PasswordChanged { message } ... on ErrorResult { code message } } }`;
const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { __typename } }';

/** A4 through the gateway, with the e-mail sent through nodemailer to a real SMTP server started here. */
describe('forgotten password (A4)', () => {
  let graph: TestGraph;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const signIn = clientOperation('SignIn');
  const sam = DEMO.accounts.sam;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    graph = await startTestGraph({ env: { SMTP_URL: smtp.url, PORTAL_URL: 'https://portal.example' } });
  });
  afterAll(async () => {
    await graph.close();
    await smtp.close();
  });

  const tokenFrom = (text: string) => /https:\/\/portal\.example\/reset-password\?token=([\w-]+)/.exec(text)?.[1];
  const signInAs = async (password: string) => (await graph.query(signIn, { email: sam.email, password }, { headers: { 'x-forwarded-for': '198.51.100.50' } })).body.data.signIn;

  it('A4: answers the same whether or not an account has the e-mail, and mails only a real account', async () => {
    const known = await graph.query(REQUEST, { e: 'SAM@example.com' });
    const unknown = await graph.query(REQUEST, { e: 'nobody@example.com' });
    expect(known.body.data).toEqual(unknown.body.data);
    const mail = await smtp.next(sam.email);
    expect(tokenFrom(mail.text)).toEqual(expect.any(String));
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received.filter((m) => m.to.includes('nobody@example.com'))).toHaveLength(0);
  });

  it('A4: the link sets a new password once; every session ends; the old password stops working', async () => {
    const before = await signInAs(DEMO_PASSWORD);
    expect(before.__typename).toBe('Session');
    await graph.query(REQUEST, { e: sam.email });
    const token = tokenFrom((await smtp.next(sam.email)).text)!;

    const mismatch = await graph.query(RESET, { t: token, p: 'a brand new passphrase', c: 'a brand new passphrase!' });
    expect(mismatch.body.data.resetPassword).toMatchObject({ code: 'PASSWORDS_DO_NOT_MATCH' });
    const common = await graph.query(RESET, { t: token, p: 'password123', c: 'password123' });
    expect(common.body.data.resetPassword).toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
    const short = await graph.query(RESET, { t: token, p: 'short', c: 'short' });
    expect(short.body.data.resetPassword).toMatchObject({ code: 'PASSWORD_TOO_SHORT' });
    // Nothing changed so far: the old password still works.
    expect((await signInAs(DEMO_PASSWORD)).__typename).toBe('Session');

    const done = await graph.query(RESET, { t: token, p: 'a brand new passphrase', c: 'a brand new passphrase' });
    expect(done.body.data.resetPassword.__typename).toBe('PasswordChanged');
    expect((await graph.query(REFRESH, { t: before.refreshToken })).body.data.refreshSession.__typename).toBe('InvalidRefreshTokenError');
    expect((await signInAs(DEMO_PASSWORD)).code).toBe('INVALID_CREDENTIALS');
    expect((await signInAs('a brand new passphrase')).__typename).toBe('Session');

    const again = await graph.query(RESET, { t: token, p: 'another new passphrase', c: 'another new passphrase' });
    expect(again.body.data.resetPassword).toMatchObject({ __typename: 'InvalidResetTokenError', code: 'INVALID_RESET_TOKEN' });
  });

  it('A4: the link expires after an hour', async () => {
    await graph.query(REQUEST, { e: sam.email });
    const token = tokenFrom((await smtp.next(sam.email)).text)!;
    graph.clock.advance(60 * 60_000 + 1);
    const late = await graph.query(RESET, { t: token, p: 'yet another passphrase', c: 'yet another passphrase' });
    expect(late.body.data.resetPassword.code).toBe('INVALID_RESET_TOKEN');
  });

  it('never stores or logs the reset token in clear', async () => {
    await graph.query(REQUEST, { e: DEMO.accounts.dana.email });
    const token = tokenFrom((await smtp.next(DEMO.accounts.dana.email)).text)!;
    const rows = await graph.subgraphs.account.dataSource.query('SELECT * FROM password_resets');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(graph.logs)).not.toContain(token);
  });

  it('sends at most three reset e-mails an hour to one account', async () => {
    graph.clock.advance(2 * 60 * 60_000);
    smtp.received.length = 0;
    for (let i = 0; i < 5; i++) await graph.query(REQUEST, { e: DEMO.accounts.dana.email });
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.filter((m) => m.to.includes(DEMO.accounts.dana.email))).toHaveLength(3);
  });
});
