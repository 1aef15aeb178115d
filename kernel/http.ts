import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { StartupError } from './errors';
import { asOperationalWork } from './outbox/background';
import { HEADERS, isGatewaySecret } from './identity';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

/** Largest request body accepted (a GraphQL document plus variables). */
const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export interface Readiness {
  ready: boolean;
  detail: Record<string, unknown>;
}

/**
 * An extra endpoint: internal ones (event delivery, operator actions) answer only callers
 * holding the internal secret, like /graphql on a subgraph; `open` ones answer anyone.
 */
export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Exact path, or a pattern whose groups are passed to `handle`. */
  path: string | RegExp;
  /** Answers anyone (public data only, such as the JWKS); otherwise the secret is required. */
  open?: boolean;
  handle(body: unknown, params: string[]): Promise<{ status: number; body: unknown }>;
}

export interface HttpServiceOptions<TContext extends BaseContext> {
  /** Service name used in logs and error lines, e.g. "account subgraph". */
  name: string;
  host: string;
  port: number;
  /** Environment variable that sets the port, named in the "port in use" line. */
  portVariable: string;
  apollo: ApolloServer<TContext>;
  /** Builds the GraphQL context of one request. */
  context: (request: IncomingMessage, requestId: string, log: Logger) => Promise<TContext>;
  readiness: () => Promise<Readiness>;
  log: Logger;
  metrics: Metrics;
  /**
   * When set, /graphql answers only requests carrying this secret in x-gateway-secret (the
   * subgraphs: they answer the gateway, never the world). The gateway itself leaves it unset.
   */
  gatewaySecret?: string;
  /** Whether to accept a request id sent by the caller (a trusted gateway) or a client. */
  acceptRequestId: boolean;
  /** Extra endpoints (internal unless marked open). */
  routes?: HttpRoute[];
}

export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}

/**
 * The HTTP face of every process: /graphql through Apollo Server, /health/live,
 * /health/ready and /metrics. Written on node:http (Apollo's own integration contract,
 * `executeHTTPGraphQLRequest`) so the checks that must run before GraphQL — gateway secret,
 * request id — sit in one place for all four services.
 */
export async function startHttpService<TContext extends BaseContext>(options: HttpServiceOptions<TContext>): Promise<RunningService> {
  const { apollo, log, metrics } = options;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    metrics.httpRequests += 1;
    const sent = request.headers[HEADERS.requestId];
    const requestId =
      options.acceptRequestId && typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    response.setHeader(HEADERS.requestId, requestId);
    const reqLog = log.child({ reqId: requestId });
    const url = new URL(request.url ?? '/', 'http://localhost');

    response.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (url.pathname.startsWith('/health') || url.pathname === '/metrics') return;
      reqLog.info({ method: request.method, path: url.pathname, status: response.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });

    // Health checks and scrapes are operational work: their SQL is not a request's cost.
    if (url.pathname === '/health/live') return sendJson(response, 200, { status: 'live' });
    if (url.pathname === '/health/ready') {
      const { ready, detail } = await asOperationalWork(() => options.readiness());
      return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...detail });
    }
    if (url.pathname === '/metrics') {
      response.setHeader('content-type', 'text/plain; version=0.0.4');
      response.end(await asOperationalWork(() => metrics.render()));
      return;
    }
    const route = (options.routes ?? [])
      .map((r) => ({ route: r, match: typeof r.path === 'string' ? (r.path === url.pathname ? [url.pathname] : null) : r.path.exec(url.pathname) }))
      .find((r) => r.match && r.route.method === request.method);
    if (!route && url.pathname !== '/graphql' && url.pathname !== '/') return sendJson(response, 404, { error: 'not found' });

    if (!route?.route.open && options.gatewaySecret !== undefined && !isGatewaySecret(request.headers[HEADERS.gatewaySecret], options.gatewaySecret)) {
      return sendJson(response, 401, {
        errors: [{ message: 'This service answers only the gateway.', extensions: { code: 'UNAUTHENTICATED' } }],
      });
    }

    let body: unknown = undefined;
    if (request.method === 'POST') {
      const text = await readBody(request);
      if ((request.headers['content-type'] ?? '').includes('application/json') && text) {
        try {
          body = JSON.parse(text);
        } catch {
          return sendJson(response, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
        }
      } else {
        body = text;
      }
    }
    if (route) {
      if (options.gatewaySecret === undefined) return sendJson(response, 404, { error: 'not found' });
      const result = await asOperationalWork(() => route.route.handle(body, route.match!.slice(1)));
      return sendJson(response, result.status, result.body);
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    metrics.graphqlRequests += 1;
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(request, requestId, reqLog),
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    }
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: { status?: number }) => {
      log.error({ err: error }, 'request failed');
      if (!response.headersSent) {
        sendJson(response, error.status ?? 500, {
          errors: [{ message: error.status === 413 ? 'Request body too large.' : 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
      } else response.end();
    });
  });
  // Keep-alive longer than a typical client/load balancer idle timeout, so the gateway's
  // pooled connections to subgraphs are not cut under it.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new StartupError(`${options.name}: port ${options.port} is already in use; stop the program using it or set ${options.portVariable} to a free port.`));
      } else if (error.code === 'EACCES') {
        reject(new StartupError(`${options.name}: not allowed to listen on port ${options.port}; set ${options.portVariable} to a port above 1023.`));
      } else reject(error);
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
