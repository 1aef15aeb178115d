import { STATUS_CODES } from 'node:http';
import type { Fetcher, FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent } from 'undici';
import { DEFAULT_SUBGRAPH_IDLE_TIMEOUT_MS } from '../kernel/config';
import type { SubgraphFetchMetrics } from '../kernel/metrics';

/**
 * The gateway's connections to its subgraphs: one undici pool per subgraph, kept alive.
 *
 * A connection idle for `idleTimeoutMs` is closed by the gateway, which must happen before the
 * subgraph closes it (its keep-alive, KEEP_ALIVE_TIMEOUT_MS, 65 s by default): a request sent
 * on a connection the server is closing at that moment fails with ECONNRESET. undici would
 * otherwise take the server's `Keep-Alive: timeout=65` hint (less 2 s) as its idle timeout,
 * so the hint is capped at ours.
 */
export function subgraphAgent(idleTimeoutMs = DEFAULT_SUBGRAPH_IDLE_TIMEOUT_MS): Agent {
  return new Agent({
    keepAliveTimeout: idleTimeoutMs,
    keepAliveMaxTimeout: idleTimeoutMs,
    // Per subgraph origin: as many as the gateway has requests to it at once, capped.
    connections: 64,
  });
}

type RawHeaders = Record<string, string | string[] | undefined>;

/**
 * A response's headers as undici gives them (lower-case names), read through the Headers
 * interface the gateway's data source expects. Read-only: building a WHATWG Headers object
 * for each subgraph answer cost measurable time at the gateway, and nothing writes to them.
 */
class SubgraphHeaders implements FetcherHeaders {
  constructor(private readonly raw: RawHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  append(): void {
    throw new Error('subgraph response headers are read-only');
  }

  set(): void {
    throw new Error('subgraph response headers are read-only');
  }

  delete(): void {
    throw new Error('subgraph response headers are read-only');
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A subgraph's answer, read whole, in the shape @apollo/gateway's data source reads. */
class SubgraphResponse implements FetcherResponse {
  readonly bodyUsed = false;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: FetcherHeaders,
    private readonly body: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<any> {
    return JSON.parse(this.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.body, 'utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return this;
  }
}

/**
 * The fetcher of one subgraph's data source: undici's `request` (measured faster than
 * node-fetch over an http.Agent under npm run bench, see README), timed into
 * `subgraph_fetch_duration_seconds`.
 */
export function subgraphFetcher(agent: Agent, subgraph: string, metrics: SubgraphFetchMetrics): Fetcher {
  // A data source fetches one URL: parse it once.
  let parsed: { url: string; origin: string; path: string } | undefined;
  return async (url: string, init: FetcherRequestInit = {}) => {
    const started = process.hrtime.bigint();
    const observe = (outcome: string) => metrics.duration.observe({ subgraph, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    if (parsed?.url !== url) {
      const target = new URL(url);
      parsed = { url, origin: target.origin, path: target.pathname + target.search };
    }
    const { origin, path } = parsed;
    try {
      const response = await agent.request({
        origin,
        path,
        method: (init.method ?? 'GET') as 'GET' | 'POST',
        headers: init.headers,
        body: init.body,
      });
      const body = await response.body.text();
      observe(response.statusCode < 400 ? 'ok' : 'http_error');
      return new SubgraphResponse(url, response.statusCode, new SubgraphHeaders(response.headers), body);
    } catch (error) {
      observe('network_error');
      throw error;
    }
  };
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** The connection broke under the request (the server closed or reset it): worth one more try for a read. */
export function isConnectionReset(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code && RESET_CODES.has(e.code)) return true;
  }
  return false;
}

/** A subgraph operation the gateway planned as a read (`query …` or `{ … }`): never a mutation. */
export function isQueryDocument(document: string | undefined): boolean {
  return document !== undefined && /^\s*(?:query\b|\{)/.test(document);
}
