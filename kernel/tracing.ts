import type { IncomingHttpHeaders } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { Env } from './config';
import { StartupError } from './errors';

/**
 * Tracing with OpenTelemetry, off unless the standard OTEL_* variables ask for an exporter.
 *
 * What makes the spans, and why each piece:
 * - **HTTP servers** (all four processes): a SERVER span per request opened by hooks of
 *   kernel/http.ts, parented on the caller's W3C `traceparent` (`serverSpan` below). Not
 *   @opentelemetry/instrumentation-http: it patches `node:http` through a require hook, which
 *   must run before Fastify is loaded and never runs under Jest's module loader; the hooks
 *   work whatever loaded first, and the route is Fastify's own.
 * - **HTTP clients**: @opentelemetry/instrumentation-undici, which listens on undici's
 *   diagnostics channels (no require hook), so it sees the gateway's pools to the subgraphs
 *   (gateway/subgraph-fetcher.ts) and every `fetch` between subgraphs, and writes
 *   `traceparent` into each request. Only inside a traced request: a background poll opens no
 *   trace of its own.
 * - **The gateway's planning and execution**: @apollo/gateway's own spans (`gateway.request`,
 *   `gateway.plan`, `gateway.execute`, `gateway.fetch`…), made through the global tracer.
 * - **SQL**: a TypeORM query subscriber (kernel/db.ts `SqlSpans`) rather than
 *   @opentelemetry/instrumentation-mysql2: one hook covers both drivers (better-sqlite3 has
 *   no instrumentation) and needs no require hook either.
 *
 * When off, nothing of the SDK is loaded, no hook is added and no channel listened to; the
 * gateway still passes a client's `traceparent` on to the subgraphs untouched (as W3C asks of
 * a hop that does not trace), so every service's log lines carry the client's trace id.
 */

/** Exporters the standard OTEL_TRACES_EXPORTER may name (`none`: tracing off). */
export type TracesExporter = 'otlp' | 'console';

/**
 * Which exporters the environment asks for, by the OpenTelemetry specification's variables:
 * OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turns tracing off; OTEL_TRACES_EXPORTER
 * names `otlp` and/or `console`; unset, an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) turns OTLP on. With none of these tracing is off (the
 * specification's default would send to localhost:4318, which a development machine lacks).
 */
export function tracesExportersFromEnv(env: Env): TracesExporter[] {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return [];
  const named = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (named.length === 0 && (env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim())) named.push('otlp');
  if (named.length === 0 || named.includes('none')) return [];
  for (const name of named) {
    if (name !== 'otlp' && name !== 'console') {
      throw new StartupError(`OTEL_TRACES_EXPORTER=${env.OTEL_TRACES_EXPORTER} is not supported: use otlp (sending to OTEL_EXPORTER_OTLP_ENDPOINT), console, or none.`);
    }
  }
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
  if (named.includes('otlp') && protocol !== 'http/protobuf') {
    // The one OTLP exporter installed (the specification's default protocol); grpc would bring grpc-js.
    throw new StartupError(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported: traces go out as http/protobuf; point OTEL_EXPORTER_OTLP_ENDPOINT at the collector's HTTP port (4318).`);
  }
  return [...new Set(named)] as TracesExporter[];
}

interface ActiveTracing {
  shutdown(): Promise<void>;
  undici: UndiciInstrumentation;
}

let active: ActiveTracing | undefined;

/** Whether this process traces (hooks and subscribers are added only then). */
export function tracingActive(): boolean {
  return active !== undefined;
}

export interface TracingOptions {
  /** `service.name` of the process's resource (OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win). */
  service: string;
  env?: Env;
  /** Instead of the exporters the environment names (tests: an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
}

/**
 * Starts tracing for this process when the environment asks for it (or `spanProcessors` are
 * given): a NodeTracerProvider registered as the global one (AsyncLocalStorage context, W3C
 * trace context and baggage propagation, sampler from OTEL_TRACES_SAMPLER, parent-based
 * always-on by default), batching its spans to the exporters. Returns whether it traces.
 */
export async function startTracing(options: TracingOptions): Promise<boolean> {
  if (active) throw new Error('tracing is already started in this process');
  const env = options.env ?? process.env;
  const exporters = options.spanProcessors ? [] : tracesExportersFromEnv(env);
  if (!options.spanProcessors && exporters.length === 0) return false;
  // Loaded only now: a process that does not trace never loads the SDK.
  const sdk = await import('@opentelemetry/sdk-trace-node');
  let processors = options.spanProcessors;
  if (!processors) {
    processors = [];
    for (const name of exporters) {
      if (name === 'console') processors.push(new sdk.SimpleSpanProcessor(new sdk.ConsoleSpanExporter()));
      else {
        // Endpoint, headers, timeout, compression and certificates from the OTEL_EXPORTER_OTLP_* variables.
        const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
        processors.push(new sdk.BatchSpanProcessor(new OTLPTraceExporter()));
      }
    }
  }
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } = await import('@opentelemetry/resources');
  const { UndiciInstrumentation } = await import('@opentelemetry/instrumentation-undici');
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': options.service }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new sdk.NodeTracerProvider({ resource, spanProcessors: processors });
  provider.register();
  const undici = new UndiciInstrumentation({
    // Only within a traced request: the relays' and workers' polls would each open a trace.
    requireParentforSpans: true,
    // A query string may be a capability (the signed links of downloads, O10): never recorded.
    requestHook: (span, request) => {
      const query = request.path.indexOf('?');
      if (query >= 0) span.setAttributes({ 'url.full': `${request.origin}${request.path.slice(0, query)}`, 'url.query': 'REDACTED' });
    },
  });
  active = {
    undici,
    shutdown: async () => {
      undici.disable();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  return true;
}

/** Sends the spans still buffered and stops tracing (the end of a graceful stop). */
export async function stopTracing(): Promise<void> {
  const current = active;
  active = undefined;
  await current?.shutdown();
}

const tracer = () => trace.getTracer('commerce-graph');

export interface ServerSpanInput {
  method: string;
  /** The route pattern (`/graphql`, `/files/:id`), not the path: the span's name stays low-cardinality. */
  route: string;
  path: string;
  port: number;
  headers: IncomingHttpHeaders;
}

/** A SERVER span for one request, child of the caller's `traceparent` if it sent one. */
export function serverSpan(input: ServerSpanInput): { span: Span; context: Context } {
  const parent = propagation.extract(ROOT_CONTEXT, input.headers);
  const attributes: Attributes = {
    'http.request.method': input.method,
    'http.route': input.route,
    'url.path': input.path,
    'url.scheme': 'http',
    'server.port': input.port,
  };
  const span = tracer().startSpan(`${input.method} ${input.route}`, { kind: SpanKind.SERVER, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Ends a server span with the response's status (5xx is an error; 4xx is the client's). */
export function endServerSpan(span: Span, status: number | 'aborted'): void {
  if (status === 'aborted') span.setStatus({ code: SpanStatusCode.ERROR, message: 'client aborted the request' });
  else {
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** Runs `fn` with `ctx` as the active context: spans started in it, and in what it awaits, are its children. */
export function withContext<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn);
}

/** The span of the request being served, if this process traces and one is active. */
export function activeSpan(): Span | undefined {
  return active ? trace.getActiveSpan() : undefined;
}

/** The ids of a span, as log lines carry them (the names OpenTelemetry's pino instrumentation writes). */
export function spanLogFields(span: Span): { trace_id: string; span_id: string } {
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/**
 * A client's W3C `traceparent`, when well formed (version 00, ids not all zero); otherwise
 * undefined, as the specification says to treat a malformed one.
 */
export function traceparentOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.traceparent;
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value);
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return undefined;
  return value;
}

/** A client's W3C trace context: its well-formed `traceparent`, and `tracestate` (at most 512 characters) beside it. */
export function traceContextOf(headers: IncomingHttpHeaders): { traceparent: string; tracestate?: string } | undefined {
  const traceparent = traceparentOf(headers);
  if (!traceparent) return undefined;
  const tracestate = headers.tracestate;
  return typeof tracestate === 'string' && tracestate.length <= 512 && /^[\x20-\x7e]*$/.test(tracestate) ? { traceparent, tracestate } : { traceparent };
}

/** The trace id of a well-formed `traceparent`. */
export const traceIdOf = (traceparent: string): string => traceparent.slice(3, 35);
