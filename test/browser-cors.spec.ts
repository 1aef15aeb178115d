import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { DEMO } from '../kernel/demo';
import { startTestGraph, type TestGraph } from './support/graph';
import { describeWithBrowser, launchBrowser } from './support/browser';

/** A page of the portal: any HTML, served from its own origin. */
async function servePage(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end('<!doctype html><title>Customer portal</title><p>portal</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface BrowserAnswer {
  status?: number;
  body?: any;
  requestId?: string | null;
  error?: string;
}

// The web portal's team, as they meet the gateway: a page of another origin calls it from a real browser.
describeWithBrowser('a browser page on another origin calls the gateway (CORS)', () => {
  let graph: TestGraph;
  let portal: Awaited<ReturnType<typeof servePage>>;
  let stranger: Awaited<ReturnType<typeof servePage>>;
  let browser: BrowserContext;
  let closeBrowser: (() => Promise<void>) | undefined;
  let token: string;

  beforeAll(async () => {
    portal = await servePage();
    stranger = await servePage();
    graph = await startTestGraph({ gateway: { corsOrigins: [portal.origin, 'https://studio.apollographql.com'] } });
    token = await graph.token(DEMO.accounts.dana.id);
    ({ browser, close: closeBrowser } = await launchBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await graph?.close();
    await portal?.close();
    await stranger?.close();
  });

  /** Opens a page of `origin` and has it POST a query to the gateway with the access token, as the portal does. */
  async function callFrom(origin: string): Promise<BrowserAnswer> {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      return await page.evaluate(
        async ({ url, bearer }) => {
          try {
            const response = await fetch(url, {
              method: 'POST',
              credentials: 'include',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'apollographql-client-name': 'web-portal' },
              body: JSON.stringify({ query: 'query Me { me { id email } }', operationName: 'Me' }),
            });
            return { status: response.status, body: await response.json(), requestId: response.headers.get('x-request-id') };
          } catch (error) {
            return { error: String(error) };
          }
        },
        { url: graph.gateway.url, bearer: token },
      );
    } finally {
      await page.close();
    }
  }

  const postsServed = () => graph.logs.filter((l) => l.service === 'gateway' && l.msg === 'request' && l.method === 'POST').length;

  it("the portal's origin gets data, with the request id readable", async () => {
    const answer = await callFrom(portal.origin);
    expect(answer.error).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.body.data.me).toEqual({ id: DEMO.accounts.dana.id, email: DEMO.accounts.dana.email });
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an origin not on the list is refused: the browser blocks the call and the query never runs', async () => {
    const before = postsServed();
    const answer = await callFrom(stranger.origin);
    expect(answer.status).toBeUndefined();
    expect(answer.error).toMatch(/Failed to fetch/);
    expect(postsServed()).toBe(before);
  });
});
