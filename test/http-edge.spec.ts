import http from 'node:http';
import zlib from 'node:zlib';
import pino from 'pino';
import { startGateway } from '../gateway/gateway';
import { SUBGRAPH_NAMES, type SubgraphName } from '../kernel/config';
import { StartupError } from '../kernel/errors';
import { DEMO } from '../kernel/demo';
import { MAX_BODY_BYTES } from '../kernel/http';
import { clientOperation } from './support/operations';
import { startTestGraph, type TestGraph } from './support/graph';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it came over the wire (compressed when content-encoding says so). */
  bytes: Buffer;
}

/** A request with exact control over headers and body, reading the body as sent (fetch would decompress it). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'POST', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    if (options.chunked && options.body) {
      // No content-length: the body arrives in pieces, as from a stream.
      const body = Buffer.from(options.body);
      for (let i = 0; i < body.length; i += 64 * 1024) request.write(body.subarray(i, i + 64 * 1024));
      request.end();
    } else {
      request.end(options.body);
    }
  });
}

const json = (r: Raw) => JSON.parse(r.bytes.toString('utf8'));

describe('the gateway at the edge: CORS, compression, limits', () => {
  const PORTAL = 'https://portal.example.com';
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph({ gateway: { corsOrigins: [PORTAL, 'https://studio.apollographql.com'] } });
    token = await graph.token(DEMO.accounts.dana.id);
  });
  afterAll(() => graph.close());

  const dashboard = (acceptEncoding?: string) =>
    raw(graph.gateway.url, {
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
      },
      body: JSON.stringify({ query: clientOperation('Dashboard'), operationName: 'Dashboard' }),
    });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      raw(graph.gateway.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization,apollographql-client-name' },
      });

    it('answers the preflight of an allowed origin: that origin, credentials, the headers clients send', async () => {
      const answer = await preflight(PORTAL);
      expect(answer.status).toBe(204);
      expect(answer.headers['access-control-allow-origin']).toBe(PORTAL);
      expect(answer.headers['access-control-allow-credentials']).toBe('true');
      expect(answer.headers['access-control-allow-methods']).toBe('GET, POST');
      expect(String(answer.headers['access-control-allow-headers'])).toMatch(/authorization/);
      expect(String(answer.headers['access-control-allow-headers'])).toMatch(/apollographql-client-name/);
      expect(answer.headers.vary).toMatch(/Origin/);
      // Apollo Sandbox on studio.apollographql.com.
      expect((await preflight('https://studio.apollographql.com')).headers['access-control-allow-origin']).toBe('https://studio.apollographql.com');
    });

    it('gives an origin not on the list no CORS headers, so the browser refuses', async () => {
      const answer = await preflight('https://evil.example');
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('lets the portal read the request id of an answer', async () => {
      const answer = await raw(graph.gateway.url, { headers: { origin: PORTAL, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(answer.headers['access-control-allow-origin']).toBe(PORTAL);
      expect(answer.headers['access-control-expose-headers']).toBe('x-request-id');
    });

    it("keeps Apollo's CSRF prevention: a simple (non-preflighted) POST is refused", async () => {
      const answer = await raw(graph.gateway.url, { headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
      expect(answer.status).toBe(400);
      expect(answer.bytes.toString()).toMatch(/CSRF/);
    });
  });

  describe('compression', () => {
    it('compresses the Dashboard with br or gzip, as the client accepts, and the answer is the same', async () => {
      const plain = await dashboard();
      expect(plain.headers['content-encoding']).toBeUndefined();
      const data = json(plain);
      expect(data.errors).toBeUndefined();

      const br = await dashboard('gzip, deflate, br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(JSON.parse(zlib.brotliDecompressSync(br.bytes).toString())).toEqual(data);
      expect(br.bytes.length).toBeLessThan(plain.bytes.length / 2);

      const gzip = await dashboard('gzip');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(zlib.gunzipSync(gzip.bytes).toString())).toEqual(data);
    });

    it('sends small answers as they are: compressing them costs more than it saves', async () => {
      const small = await raw(graph.gateway.url, { headers: { 'content-type': 'application/json', 'accept-encoding': 'br, gzip' }, body: '{"query":"{ __typename }"}' });
      expect(small.headers['content-encoding']).toBeUndefined();
      expect(json(small)).toEqual({ data: { __typename: 'Query' } });
    });
  });

  describe('request limits and malformed requests', () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(MAX_BODY_BYTES) } });

    it.each([
      ['with a content-length', false],
      ['streamed without one', true],
    ])('refuses a body over 1 MiB %s: 413 with a GraphQL error, not a reset connection', async (_how, chunked) => {
      const answer = await raw(graph.gateway.url, { headers: { 'content-type': 'application/json' }, body: big, chunked });
      expect(answer.status).toBe(413);
      expect(json(answer)).toEqual({ errors: [{ message: 'The request body is larger than 1 MiB.', extensions: { code: 'BAD_REQUEST' } }] });
    });

    it('refuses a body that is not JSON with a GraphQL error', async () => {
      const answer = await raw(graph.gateway.url, { headers: { 'content-type': 'application/json' }, body: '{"query":' });
      expect(answer.status).toBe(400);
      expect(json(answer)).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    });

    it('answers 404 for a path it does not serve', async () => {
      const answer = await raw(graph.gateway.url.replace(/\/graphql$/, '/nowhere'), { method: 'GET' });
      expect(answer.status).toBe(404);
    });

    it('a subgraph refuses a large body the same way, after the secret check', async () => {
      const answer = await raw(graph.subgraphs.order.url, { headers: { 'content-type': 'application/json', 'x-gateway-secret': graph.secret }, body: big });
      expect(answer.status).toBe(413);
      expect(json(answer).errors[0].extensions.code).toBe('BAD_REQUEST');
    });
  });

  describe('starting on a port in use', () => {
    const start = (port: number, internalPort: number) =>
      startGateway({
        host: '127.0.0.1',
        port,
        internalPort,
        corsOrigins: [],
        subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, graph.subgraphs[n].url])) as Record<SubgraphName, string>,
        gatewaySecret: graph.secret,
        production: false,
        log: pino({ level: 'silent' }),
        clock: graph.clock,
      });

    it('says so in one line naming the variable to change, for the public port and the internal one', async () => {
      const internalPort = Number(new URL(graph.gateway.internalUrl).port);
      await expect(start(graph.gateway.port, 0)).rejects.toThrow(StartupError);
      await expect(start(graph.gateway.port, 0)).rejects.toThrow(
        `gateway: port ${graph.gateway.port} is already in use; stop the program using it or set GATEWAY_PORT to a free port.`,
      );
      await expect(start(0, internalPort)).rejects.toThrow(
        `gateway: port ${internalPort} is already in use; stop the program using it or set GATEWAY_INTERNAL_PORT to a free port.`,
      );
    });
  });
});
