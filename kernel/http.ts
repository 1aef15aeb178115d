import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import fastifyCompress from '@fastify/compress';
import fastifyCors from '@fastify/cors';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_MS } from './config';
import { StartupError } from './errors';
import { asOperationalWork } from './outbox/background';
import { HEADERS, isGatewaySecret } from './identity';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { StreamReply } from './ranged-reply';
import { requestLogBindings } from './request-log';
import { endServerSpan, serverSpan, spanLogFields, tracingActive, withContext } from './tracing';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's SERVER span and the context that makes it the parent, while this process traces. */
    traceSpan: ReturnType<typeof serverSpan> | null;
  }
}

/** Largest request body accepted (a GraphQL document plus variables). */
export const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Responses smaller than this are sent as they are: compressing them costs more than it saves. */
const COMPRESSION_THRESHOLD_BYTES = 1024;

export interface Readiness {
  ready: boolean;
  /** For operators, on the internal port only (database state, backlog, subgraph states). */
  detail: Record<string, unknown>;
}

/**
 * An extra endpoint: internal ones (event delivery, operator actions) answer only callers
 * holding the internal secret, like /graphql on a subgraph; `open` ones answer anyone.
 */
export interface JsonRoute {
  method: 'GET' | 'POST';
  /** A Fastify path; `:name` segments arrive in `params`. */
  path: string;
  /** Answers anyone (public data only, such as the JWKS); otherwise the secret is required. */
  open?: boolean;
  handle(body: unknown, params: Record<string, string>): Promise<{ status: number; body: unknown }>;
}

/**
 * An endpoint that answers with bytes rather than JSON (files: O10 downloads, O13 invoices):
 * its reply's body may be a stream, sent as it is read, never compressed (byte ranges count the
 * bytes as stored). It answers GET and HEAD (the route sees which, and sends no body for HEAD).
 */
export interface StreamRoute {
  method: 'GET';
  /** A Fastify path (`:name` segments and a trailing `*` arrive in `params`). */
  path: string;
  open?: boolean;
  serve(request: { method: string; url: string; headers: IncomingHttpHeaders; params: Record<string, string> }): Promise<StreamReply>;
}

export type HttpRoute = JsonRoute | StreamRoute;

/** Browser origins allowed to call the service (the gateway): a list, or `*` for any, without credentials. */
export type CorsOrigins = string[] | '*';

export interface HttpServiceOptions<TContext extends BaseContext> {
  /** Service name used in logs and error lines, e.g. "account subgraph". */
  name: string;
  host: string;
  port: number;
  /** Environment variable that sets the port, named in the "port in use" line. */
  portVariable: string;
  /** The internal port: /metrics and readiness with detail, for operators and Prometheus alone. */
  internalPort: number;
  internalPortVariable: string;
  apollo: ApolloServer<TContext>;
  /** Builds the GraphQL context of one request; `log` carries its `reqId`. */
  context: (request: FastifyRequest, requestId: string, log: Logger) => Promise<TContext>;
  /** `detail` is false on the public port: a subgraph probe there would be free amplification. */
  readiness: (detail: boolean) => Promise<Readiness>;
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
  /** Browser pages of these origins may call (CORS); unset: no CORS headers at all. */
  cors?: CorsOrigins;
  /** Compress responses (br, gzip) for clients that accept it. */
  compress?: boolean;
  /** Idle keep-alive connections are closed after this long. */
  keepAliveTimeoutMs?: number;
  /**
   * Fastify plugins of this service beyond JSON and stream routes (the gateway's explorer pages
   * and their assets), registered after CORS and compression so their answers get both.
   */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
  /**
   * Whether health checks, metric scrapes and extra routes run as operational work
   * (`asOperationalWork`), so that the SQL statements they cost are counted apart from the ones
   * client requests cost. True unless set: the subgraphs run SQL. The gateway runs none and sets
   * it false: on Node 20 the first `AsyncLocalStorage.run` switches on promise hooks for every
   * promise of the process for good, a few per cent of the gateway's CPU under `npm run bench`.
   */
  marksOperationalWork?: boolean;
}

export interface RunningService {
  url: string;
  port: number;
  /** Base URL of the internal port (`/metrics`, `/health/ready` with detail). */
  internalUrl: string;
  /**
   * The first step of a graceful stop: readiness answers 503 so load balancers stop sending,
   * and every response from now on closes its connection. Requests are still served.
   */
  markDraining(): void;
  /**
   * Stops taking connections and lets requests in flight finish within `graceMs`; what is
   * still open then is cut. Resolves once everything is closed.
   */
  close(graceMs?: number): Promise<void>;
}

function graphqlError(message: string, code: string): { errors: Array<{ message: string; extensions: { code: string } }> } {
  return { errors: [{ message, extensions: { code } }] };
}

/** Client errors Fastify raises before a handler runs, said the way a GraphQL client reads errors. */
function clientErrorMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send GraphQL requests with content-type application/json.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The request body is not valid JSON.';
    default:
      return error instanceof SyntaxError ? 'The request body is not valid JSON.' : 'The request is not valid.';
  }
}

async function listen(app: FastifyInstance, options: { name: string; host: string; port: number; portVariable: string }): Promise<number> {
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(`${options.name}: port ${options.port} is already in use; stop the program using it or set ${options.portVariable} to a free port.`);
    }
    if (code === 'EACCES') {
      throw new StartupError(`${options.name}: not allowed to listen on port ${options.port}; set ${options.portVariable} to a port above 1023.`);
    }
    throw error;
  }
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : options.port;
}

/**
 * A SERVER span for every request but health probes (kernel/tracing.ts says why hooks rather
 * than an instrumentation package): opened before the gateway-secret check, so a refused
 * request is traced too, ended with the response. Each route's handler runs inside the span's
 * context, so Apollo's execution, the gateway's subgraph fetches and the SQL below are its
 * children. The request's log lines get the trace and span ids.
 */
function traceRequests(app: FastifyInstance): void {
  app.decorateRequest('traceSpan', null);
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      return request.traceSpan ? withContext(request.traceSpan.context, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
    };
  });
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route?.startsWith('/health/')) return done();
    const traced = serverSpan({
      method: request.method,
      route: route ?? 'unmatched',
      path: request.url.split('?')[0],
      port: request.socket.localPort ?? 0,
      headers: request.headers,
    });
    request.traceSpan = traced;
    (request.log as unknown as Logger).setBindings(spanLogFields(traced.span));
    done();
  });
  const end = (request: FastifyRequest, status: number | 'aborted') => {
    if (!request.traceSpan) return;
    endServerSpan(request.traceSpan.span, status);
    request.traceSpan = null;
  };
  app.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    end(request, 'aborted');
    done();
  });
}

const displayHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);

/**
 * The HTTP face of every process, on Fastify: /graphql through Apollo Server
 * (@as-integrations/fastify), /health/live and /health/ready, the gateway-secret check of the
 * subgraphs, request ids and request logs as hooks; CORS and compression on the gateway as
 * plugins. /metrics and the readiness detail live on a second, internal listener that is
 * never published.
 */
export async function startHttpService<TContext extends BaseContext>(options: HttpServiceOptions<TContext>): Promise<RunningService> {
  const { apollo, log, metrics } = options;
  let draining = false;

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // One line per request, written in onResponse below (Fastify's own are two).
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const sent = request.headers[HEADERS.requestId];
      return options.acceptRequestId && typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    // A request's log lines carry its id, the client's name and the trace id (kernel/request-log.ts).
    childLoggerFactory: (logger, bindings, childOptions, raw) => logger.child({ ...bindings, ...requestLogBindings(raw.headers, tracingActive()) }, childOptions),
    bodyLimit: MAX_BODY_BYTES,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    // While closing, requests arriving on connections already open are still served (with
    // `connection: close`): they were sent before the client could know.
    return503OnClosing: false,
    // Connections idle when the listener closes are closed at once; busy ones after their response.
    forceCloseConnections: 'idle',
  });

  // Hooks in callback style: they run on every request, and a promise each costs measurably.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(HEADERS.requestId, request.id);
    done();
  });
  if (tracingActive()) traceRequests(app);
  if (options.gatewaySecret !== undefined) {
    const secret = options.gatewaySecret;
    app.addHook('onRequest', (request, reply, done) => {
      if ((request.routeOptions.config as { open?: boolean } | undefined)?.open || isGatewaySecret(request.headers[HEADERS.gatewaySecret], secret)) {
        done();
        return;
      }
      reply.code(401).send(graphqlError('This service answers only the gateway.', 'UNAUTHENTICATED'));
    });
  }
  app.addHook('onSend', (_request, reply, payload, done) => {
    // Draining: every response closes its connection, so clients reconnect (to another instance).
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const ms = reply.elapsedTime;
    if (reply.statusCode >= 400) metrics.httpErrors.inc({ method: request.method, route, status_code: reply.statusCode });
    if (!route.startsWith('/health')) {
      request.log.info({ method: request.method, path: route === 'unmatched' ? 'unmatched' : request.url.split('?')[0], status: reply.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    }
    done();
  });

  // An empty JSON body is no body (an operator's `curl -X POST …/retry`), not an error.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body === '' ? done(null, undefined) : parseJson(request, body as string, done),
  );

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send(graphqlError(clientErrorMessage(error), 'BAD_REQUEST'));
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(graphqlError('Internal server error.', 'INTERNAL_SERVER_ERROR'));
  });

  if (options.cors) {
    const any = options.cors === '*';
    await app.register(fastifyCors, {
      origin: options.cors,
      // Cookies and HTTP auth only with a list of named origins: browsers refuse credentials with `*`.
      credentials: !any,
      methods: ['GET', 'POST'],
      allowedHeaders: [
        'content-type',
        'authorization',
        'apollographql-client-name',
        'apollographql-client-version',
        'apollo-require-preflight',
        'x-apollo-operation-name',
        HEADERS.requestId,
      ],
      exposedHeaders: [HEADERS.requestId],
      // Browsers may cache a preflight for 10 minutes (Chromium caps it at 2 hours).
      maxAge: 600,
    });
  }
  if (options.compress) {
    await app.register(fastifyCompress, { global: true, encodings: ['br', 'gzip'], threshold: COMPRESSION_THRESHOLD_BYTES });
  }

  for (const plugin of options.plugins ?? []) await app.register(plugin);

  const operational = options.marksOperationalWork === false ? <T>(run: () => Promise<T>) => run() : asOperationalWork;
  const health = (detail: boolean) => async (_request: FastifyRequest, reply: FastifyReply) => {
    if (draining) return reply.code(503).send({ status: 'draining' });
    const readiness = await operational(() => options.readiness(detail));
    return reply.code(readiness.ready ? 200 : 503).send({ status: readiness.ready ? 'ready' : 'not ready', ...(detail ? readiness.detail : {}) });
  };
  const open = { open: true };
  app.get('/health/live', { config: open }, async () => ({ status: 'live' }));
  app.get('/health/ready', { config: open }, health(false));

  for (const route of options.routes ?? []) {
    if ('serve' in route) {
      app.route({
        // HEAD answered by the route itself (Fastify's own HEAD would read the whole stream, or say length 0).
        method: ['GET', 'HEAD'],
        url: route.path,
        config: { open: route.open === true },
        // Bytes as stored: a compressed body would not match the byte ranges clients ask for.
        compress: false,
        handler: async (request, reply) => {
          const result = await route.serve({ method: request.method, url: request.url, headers: request.headers, params: request.params as Record<string, string> });
          reply.code(result.status).headers(result.headers);
          return reply.send(result.body ?? undefined);
        },
      } as Parameters<typeof app.route>[0]);
      continue;
    }
    app.route({
      method: route.method,
      url: route.path,
      config: { open: route.open === true },
      handler: async (request, reply) => {
        const result = await operational(() => route.handle(request.body, request.params as Record<string, string>));
        return reply.code(result.status).send(result.body);
      },
    });
  }

  const graphql = fastifyApolloHandler<TContext>(apollo, {
    context: (request) => options.context(request, request.id, request.log as unknown as Logger),
  });
  app.route({ method: ['GET', 'POST'], url: '/graphql', handler: graphql });
  app.route({ method: ['GET', 'POST'], url: '/', handler: graphql });

  // The internal listener: Prometheus and operators, never published.
  const internal = Fastify({ logger: false, return503OnClosing: false, forceCloseConnections: true });
  internal.get('/health/live', async () => ({ status: 'live' }));
  internal.get('/health/ready', health(true));
  internal.get('/metrics', async (_request, reply) => {
    const text = await operational(() => metrics.render());
    return reply.header('content-type', metrics.contentType).send(text);
  });

  const port = await listen(app, options);
  let internalPort: number;
  try {
    internalPort = await listen(internal, { name: options.name, host: options.host, port: options.internalPort, portVariable: options.internalPortVariable });
  } catch (error) {
    await app.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${displayHost(options.host)}:${port}/graphql`,
    internalUrl: `http://${displayHost(options.host)}:${internalPort}`,
    markDraining: () => {
      draining = true;
    },
    close: (graceMs = 10_000) => {
      closing ??= (async () => {
        draining = true;
        // Past the deadline, connections still busy are cut.
        const deadline = setTimeout(() => app.server.closeAllConnections(), graceMs);
        try {
          await app.close();
        } finally {
          clearTimeout(deadline);
          await internal.close();
        }
      })();
      return closing;
    },
  };
}
