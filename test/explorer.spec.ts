import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { PROJECT_ROOT } from '../kernel/paths';
import { EXPLORER_CSP } from '../gateway/explorer';
import { describeWithBrowser, launchBrowser } from './support/browser';
import { startTestGraph, type TestGraph } from './support/graph';

const ARTIFACTS = path.join(PROJECT_ROOT, '.data', 'test-artifacts');

/**
 * The explorer as an analyst or a front-end developer meets it on a machine without internet:
 * headless chromium whose every request to another origin is aborted opens /explorer, signs in
 * as the demo customer with the form, runs the Dashboard tab, and sees the account's data.
 * The screenshot is kept in .data/test-artifacts/explorer.png.
 */
describe('the explorer at /explorer (development)', () => {
  let graph: TestGraph;
  let origin: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    origin = new URL(graph.gateway.url).origin;
  });
  afterAll(() => graph?.close());

  it('serves only its own assets, each with its type and a validator; nothing else of the disk', async () => {
    const get = (p: string) => fetch(`${origin}${p}`);
    const script = await get('/explorer/assets/graphiql.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^application\/javascript|^text\/javascript/);
    expect(script.headers.get('etag')).toBeTruthy();
    expect(script.headers.get('cache-control')).toContain('max-age=3600');
    // Compressed like the gateway's other answers; a second load costs a 304.
    expect((await fetch(`${origin}/explorer/assets/graphiql.js`, { headers: { 'accept-encoding': 'br' } })).headers.get('content-encoding')).toBe('br');
    // (node:http: fetch marks a conditional request no-cache, as the Fetch standard says, which asks for the body.)
    const again = await new Promise<number | undefined>((resolve, reject) =>
      http.get(`${origin}/explorer/assets/graphiql.js`, { headers: { 'if-none-match': script.headers.get('etag')! } }, (r) => resolve(r.resume().statusCode)).on('error', reject),
    );
    expect(again).toBe(304);
    expect((await get('/explorer/assets/graphiql.css')).headers.get('content-type')).toMatch(/^text\/css/);
    for (const p of ['/explorer/assets/package.json', '/explorer/assets/..%2F..%2Fpackage.json', '/explorer/assets/index.html', '/explorer/assets/toString']) {
      expect((await get(p)).status).toBe(404);
    }
    const slash = await fetch(`${origin}/explorer/`, { redirect: 'manual' });
    expect([slash.status, slash.headers.get('location')]).toEqual([302, '/explorer']);
    const operations = (await (await get('/explorer/operations.json')).json()) as { operations: Array<{ name: string; query: string; variables: string }> };
    expect(operations.operations[0]).toMatchObject({ name: 'Dashboard', variables: JSON.stringify({ ordersFirst: 10, ordersAfter: null }, null, 2) });
  });

  describeWithBrowser('in a real browser without internet', () => {
    let browser: BrowserContext;
    let closeBrowser: (() => Promise<void>) | undefined;
    const elsewhere: string[] = [];

    beforeAll(async () => {
      ({ browser, close: closeBrowser } = await launchBrowser({ viewport: { width: 1400, height: 900 } }));
      // No internet: whatever is not the gateway's own origin is refused as a closed network would.
      await browser.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(`${origin}/`)) return route.continue();
        elsewhere.push(url);
        return route.abort('internetdisconnected');
      });
    });
    afterAll(async () => {
      await closeBrowser?.();
    });

    it('signs in as the demo customer, runs Dashboard and shows its data, with nothing loaded from elsewhere', async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      // Any Content-Security-Policy refusal would mean the page depends on something it may not load.
      await page.addInitScript(() => {
        const w = globalThis as any;
        w.cspViolations = [];
        w.document.addEventListener('securitypolicyviolation', (e: any) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });

      const response = await page.goto(`${origin}/explorer`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toBe(EXPLORER_CSP);
      await page.locator('.graphiql-container').waitFor();
      // The client operations are there: the Dashboard tab first, and each one in the picker.
      await expect(page.locator('.graphiql-tab-active').textContent()).resolves.toContain('Dashboard');
    // …with its variables ready.
    const variables = await page.evaluate(() => (globalThis as any).document.querySelector('.graphiql-editor-tool .CodeMirror').CodeMirror.getValue() as string);
    expect(JSON.parse(variables)).toEqual({ ordersFirst: 10, ordersAfter: null });
      const picked = await page.locator('#operation option').allTextContents();
      expect(picked).toEqual(expect.arrayContaining(['Dashboard (query)', 'SignIn (mutation)', 'Catalog (query)', 'PlaceOrder (mutation)']));

      await page.fill('#email', DEMO.accounts.dana.email);
      await page.fill('#password', DEMO_PASSWORD);
      await page.click('#sign-in button[type=submit]');
      await page.locator('#session').waitFor({ state: 'visible' });
      await expect(page.locator('#session-email').textContent()).resolves.toBe(DEMO.accounts.dana.email);
      // The password does not stay in the form once it has served.
      await expect(page.inputValue('#password')).resolves.toBe('');
    expect(await page.locator('#sign-in').isHidden()).toBe(true);

      await page.click('.graphiql-execute-button');
      const result = page.locator('.result-window');
      await result.getByText('MS7Q-4K2W-9PXC-31RA').first().waitFor();
      // The whole answer, as the result editor holds it.
      const text = await page.evaluate(() => (globalThis as any).document.querySelector('.result-window .CodeMirror').CodeMirror.getValue() as string);
      const body = JSON.parse(text);
      expect(body.errors).toBeUndefined();
      expect(body.data.me).toMatchObject({ id: DEMO.accounts.dana.id, email: DEMO.accounts.dana.email });
      expect(body.data.me.licenses).toHaveLength(4);
      expect(body.data.me.orders.edges.map((e: any) => e.node.number)).toEqual(['CG-100004', 'CG-100003', 'CG-100002', 'CG-100001']);

      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'explorer.png') });

      expect(await page.evaluate(() => (globalThis as any).cspViolations)).toEqual([]);
      expect(problems).toEqual([]);
      expect(elsewhere).toEqual([]);
      // The explorer's requests say who sent them (metrics and logs by client name).
      expect(graph.logs.some((l) => l.service === 'gateway' && l.msg === 'request' && l.method === 'POST')).toBe(true);
      await page.close();
    });

    it('a wrong password is answered in the bar with the message of the ErrorResult, and nothing is signed in', async () => {
      const page = await browser.newPage();
      await page.goto(`${origin}/explorer`);
      await page.locator('.graphiql-container').waitFor();
      await page.fill('#email', DEMO.accounts.dana.email);
      await page.fill('#password', 'not-the-password');
      await page.click('#sign-in button[type=submit]');
      await page.getByText('You did not provide the right information. Please try again.').waitFor();
      expect(await page.locator('#session').isHidden()).toBe(true);
      await page.close();
    });
  });
});

describe('the explorer in production', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph({ production: true });
  });
  afterAll(() => graph?.close());

  it('is not served unless EXPLORER=on', async () => {
    const origin = new URL(graph.gateway.url).origin;
    expect((await fetch(`${origin}/explorer`)).status).toBe(404);
    expect((await fetch(`${origin}/explorer/assets/graphiql.js`)).status).toBe(404);
  });
});

describeWithBrowser('the explorer in production with EXPLORER=on, for analysts', () => {
  let graph: TestGraph;
  let browser: BrowserContext;
  let closeBrowser: (() => Promise<void>) | undefined;
  let origin: string;

  beforeAll(async () => {
    graph = await startTestGraph({ production: true, gateway: { explorer: true } });
    origin = new URL(graph.gateway.url).origin;
    ({ browser, close: closeBrowser } = await launchBrowser({ viewport: { width: 1400, height: 900 } }));
    await browser.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort('internetdisconnected')));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await graph?.close();
  });

  /** GraphiQL's next introspection, sent with an access token or without (it tries twice when refused). */
  const introspected = (page: import('playwright-core').Page, signedIn: boolean) =>
    page.waitForResponse(
      (r) => (r.request().postData() ?? '').includes('IntrospectionQuery') && 'authorization' in r.request().headers() === signedIn,
    );

  it('reads the schema only once an analyst has signed in; the client operations run as trusted documents', async () => {
    const page = await browser.newPage();
    // Anonymous: the gateway refuses to describe the schema to a stranger (the introspection
    // query is no client operation, and strangers send only those in production).
    const anonymous = introspected(page, false);
    await page.goto(`${origin}/explorer`);
    const refused = await (await anonymous).json();
    expect(refused.data).toBeUndefined();
    expect(refused.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');

    const asAnalyst = introspected(page, true);
    await page.fill('#email', DEMO.accounts.analyst.email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('#sign-in button[type=submit]');
    const schema = await (await asAnalyst).json();
    expect(schema.data.__schema.queryType.name).toBe('Query');

    // The picker puts an operation in the current tab, exactly as the client sends it.
    await page.selectOption('#operation', 'Catalog');
    await page.locator('.graphiql-tab-active').getByText('Catalog').waitFor();
    await page.click('.graphiql-execute-button');
    await page.locator('.result-window').getByText('"products"').waitFor();
    const body = JSON.parse(await page.evaluate(() => (globalThis as any).document.querySelector('.result-window .CodeMirror').CodeMirror.getValue() as string));
    expect(body.errors).toBeUndefined();
    expect(body.data.products.length).toBeGreaterThan(0);

    // A customer may send only the client operations in production: the explorer sends them as written.
    await page.click('#sign-out');
    await page.fill('#email', DEMO.accounts.dana.email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('#sign-in button[type=submit]');
    await page.locator('#session').waitFor({ state: 'visible' });
    await page.selectOption('#operation', 'Dashboard');
    await page.locator('.graphiql-tab-active').getByText('Dashboard').waitFor();
    const answered = page.waitForResponse((r) => (r.request().postData() ?? '').includes('"operationName":"Dashboard"'));
    await page.click('.graphiql-execute-button');
    const dashboard = await (await answered).json();
    expect(dashboard.errors).toBeUndefined();
    expect(dashboard.data.me.email).toBe(DEMO.accounts.dana.email);
    await page.close();
  });
});
