import { STATUS_CODES } from 'node:http';
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
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

/** A subgraph's answer, read whole, in the shape @apollo/gateway's data source reads. */
class SubgraphResponse implements FetcherResponse {
  readonly bodyUsed = false;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
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
  return async (url: string, init: FetcherRequestInit = {}) => {
    const started = process.hrtime.bigint();
    const observe = (outcome: string) => metrics.duration.observe({ subgraph, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    const target = new URL(url);
    try {
      const response = await agent.request({
        origin: target.origin,
        path: target.pathname + target.search,
        method: (init.method ?? 'GET') as 'GET' | 'POST',
        headers: init.headers,
        body: init.body,
      });
      const body = await response.body.text();
      const headers = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        if (value === undefined) continue;
        for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
      }
      observe(response.statusCode < 400 ? 'ok' : 'http_error');
      return new SubgraphResponse(url, response.statusCode, headers, body);
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
