import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import { HEADERS } from '../kernel/identity';
import type { StreamRoute } from '../kernel/http';
import type { Logger } from '../kernel/logger';
import type { StreamReply } from '../kernel/ranged-reply';

/** What a client may say about the bytes it wants (ranges, validators): passed on as sent. */
const REQUEST_HEADERS = ['range', 'if-range', 'if-none-match', 'if-modified-since'] as const;
/** What the order subgraph says about the bytes: passed back as sent. */
const RESPONSE_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified', 'content-disposition', 'cache-control'] as const;

/**
 * The files of orders on the gateway's public address (one origin for clients): `/downloads/…`
 * (O10) and `/invoices/…` (O13) are passed, path and query untouched, to the order subgraph,
 * which owns the files, checks the signed link and serves the byte ranges; its answer streams
 * back as it arrives, with backpressure, so the gateway holds a few chunks of a file at a time,
 * whatever its size. A client that goes away cancels the upstream request.
 *
 * Its own connection pool: a download keeps its connection for as long as the customer's line
 * takes, which must not starve GraphQL requests of theirs. A connection that moves no bytes for
 * a minute (a client that stopped reading) is closed; the client resumes with a Range request.
 */
export function fileProxyRoutes(options: { orderUrl: string; secret: string; log: Logger }): { routes: StreamRoute[]; agent: Agent } {
  const agent = new Agent({ connections: 64, bodyTimeout: 60_000, headersTimeout: 30_000 });
  const origin = options.orderUrl.replace(/\/graphql$/, '');
  const proxy = async (incoming: { method: string; url: string; headers: IncomingHttpHeaders }): Promise<StreamReply> => {
    const headers: Record<string, string> = { [HEADERS.gatewaySecret]: options.secret };
    const requestId = incoming.headers[HEADERS.requestId];
    if (typeof requestId === 'string') headers[HEADERS.requestId] = requestId;
    for (const name of REQUEST_HEADERS) {
      const value = incoming.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      const response = await request(`${origin}${incoming.url}`, { method: incoming.method === 'HEAD' ? 'HEAD' : 'GET', headers, dispatcher: agent });
      const out: Record<string, string> = {};
      for (const name of RESPONSE_HEADERS) {
        const value = response.headers[name];
        if (typeof value === 'string') out[name] = value;
      }
      if (incoming.method === 'HEAD') {
        await response.body.dump();
        return { status: response.statusCode, headers: out, body: null };
      }
      return { status: response.statusCode, headers: out, body: response.body };
    } catch (error) {
      options.log.warn({ err: (error as Error).message }, 'order subgraph did not answer a file request');
      return { status: 503, headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' }, body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'Files cannot be served right now. Please try again in a moment.' } }) };
    }
  };
  return {
    agent,
    routes: [
      { method: 'GET', path: '/downloads/*', open: true, serve: proxy },
      { method: 'GET', path: '/invoices/*', open: true, serve: proxy },
    ],
  };
}
