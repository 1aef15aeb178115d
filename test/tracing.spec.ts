import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { SUBGRAPHS, SUBGRAPH_NAMES, type SubgraphName } from '../kernel/config';
import { databaseName } from '../kernel/db';
import { startTracing, stopTracing, tracesExportersFromEnv, tracingActive } from '../kernel/tracing';
import { PROJECT_ROOT } from '../kernel/paths';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

/**
 * Tracing (README "Tracing and logs"): a client's W3C traceparent, or a new trace, runs from the
 * gateway through every subgraph fetch into the SQL each subgraph runs; log lines carry the
 * operation, the client and the trace id. Spans are read from an in-memory exporter.
 */
const dashboard = clientOperation('Dashboard');
const dana = DEMO.accounts.dana;
const CLIENT = { 'apollographql-client-name': 'web-portal', 'apollographql-client-version': '3.2.1' };

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const port = (url: string) => Number(new URL(url).port);

/**
 * Waits for something the services do after answering (a span ends once the response is sent),
 * or a process does as it starts: polled, within `ms` (a busy two-core machine is slow to start one).
 */
async function eventually<T>(read: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The request log lines (written once a response is sent) of one trace id, once each of the four
 * services has written one (the Dashboard asks the order subgraph twice).
 */
function requestLinesOfAll(graph: TestGraph, traceId: string): Array<Record<string, unknown>> | undefined {
  const lines = graph.logs.filter((line) => line.msg === 'request' && line.trace_id === traceId);
  return new Set(lines.map((l) => l.service)).size === 4 ? lines : undefined;
}

describe('tracing off (the default)', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph({ database: 'sqlite' });
  });
  afterAll(() => graph.close());

  it('traces nothing, yet passes the client\'s traceparent on: every service\'s log lines carry its trace id, the client and the operation', async () => {
    expect(tracingActive()).toBe(false);
    const traceId = hex(16);
    const { status, body } = await graph.query(dashboard, {}, { as: dana.id, headers: { ...CLIENT, traceparent: `00-${traceId}-${hex(8)}-01` } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const lines = await eventually(() => requestLinesOfAll(graph, traceId), 'a request line from each of the four services');
    expect([...new Set(lines.map((l) => l.service))].sort()).toEqual(['account-subgraph', 'gateway', 'order-subgraph', 'subscription-subgraph']);
    for (const line of lines) {
      expect(line.client).toBe('web-portal');
      expect(line.operation).toEqual(line.service === 'gateway' ? 'Dashboard' : expect.stringMatching(/^Dashboard__/));
      expect(line.span_id).toBeUndefined();
    }
  });

  it('ignores a malformed traceparent and a client name of the wrong shape', async () => {
    const before = graph.logs.length;
    const { status } = await graph.query(dashboard, {}, { as: dana.id, headers: { traceparent: `00-${'0'.repeat(32)}-${hex(8)}-01`, 'apollographql-client-name': 'x'.repeat(65) } });
    expect(status).toBe(200);
    await eventually(() => graph.logs.slice(before).some((l) => l.msg === 'request' && l.service === 'gateway'), 'the gateway\'s request line');
    for (const line of graph.logs.slice(before)) {
      expect(line.trace_id).toBeUndefined();
      expect(line.client).toBeUndefined();
    }
  });
});

describe('tracing on (an in-memory exporter)', () => {
  let graph: TestGraph;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    // Before the graph starts: its HTTP hooks and SQL subscribers are added only while tracing is on.
    expect(await startTracing({ service: 'graph', spanProcessors: [new SimpleSpanProcessor(exporter)] })).toBe(true);
    graph = await startTestGraph();
  });
  afterAll(async () => {
    await graph?.close();
    await stopTracing();
  });

  const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const byId = (spans: ReadableSpan[]) => new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const serverSpanAt = (spans: ReadableSpan[], url: string) => spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['server.port'] === port(url));
  /** Whether `ancestor` is on the way from `span` up to the root. */
  const descends = (span: ReadableSpan, ancestor: ReadableSpan, index: Map<string, ReadableSpan>) => {
    for (let s: ReadableSpan | undefined = span; s; s = index.get(s.parentSpanContext?.spanId ?? '')) if (s === ancestor) return true;
    return false;
  };
  const subgraphDatabase = (name: SubgraphName) => (graph.database.kind === 'mysql' ? databaseName(name, graph.database) : SUBGRAPHS[name].database);

  /** Sends the Dashboard and waits until the gateway's SERVER span of that trace has ended. */
  async function tracedDashboard(headers: Record<string, string>): Promise<{ traceId: string; spans: ReadableSpan[]; root: ReadableSpan }> {
    const before = new Set(exporter.getFinishedSpans());
    const { status, body } = await graph.query(dashboard, {}, { as: dana.id, headers: { ...CLIENT, ...headers } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.me.licenses).toHaveLength(4);
    const root = await eventually(
      () => exporter.getFinishedSpans().find((s) => !before.has(s) && s.kind === SpanKind.SERVER && s.attributes['server.port'] === port(graph.gateway.url)),
      'the gateway\'s server span',
    );
    const traceId = root.spanContext().traceId;
    // Each subgraph's server span ends once its response is sent, after the gateway has read it.
    await eventually(() => SUBGRAPH_NAMES.every((name) => serverSpanAt(spansOf(traceId), graph.subgraphs[name].url)), 'the subgraphs\' server spans');
    return { traceId, spans: spansOf(traceId), root };
  }

  it('one Dashboard request is one trace: the gateway, a fetch to each subgraph, the three subgraphs and their SQL, under the client\'s traceparent', async () => {
    const traceId = hex(16);
    const parentId = hex(8);
    const sqlBefore = graph.sqlCounts();
    const { spans, root } = await tracedDashboard({ traceparent: `00-${traceId}-${parentId}-01` });
    const sqlAfter = graph.sqlCounts();
    expect(root.spanContext().traceId).toBe(traceId);
    // The gateway's span is the child of the client's.
    expect(root.parentSpanContext).toMatchObject({ traceId, spanId: parentId, isRemote: true });
    expect(root.name).toBe('POST /graphql');
    expect(root.attributes).toMatchObject({ 'http.route': '/graphql', 'http.response.status_code': 200, 'graphql.operation.name': 'Dashboard', 'graphql.operation.type': 'query' });

    const index = byId(spans);
    // Every other span of the trace hangs under the gateway's: one tree, nothing detached.
    for (const span of spans) if (span !== root) expect(descends(span, root, index)).toBe(true);
    // The gateway's own planning and execution (@apollo/gateway's spans).
    expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch']));

    for (const name of SUBGRAPH_NAMES) {
      const url = graph.subgraphs[name].url;
      const server = serverSpanAt(spans, url)!;
      expect(server).toBeDefined();
      expect(server.attributes['graphql.operation.name']).toMatch(/^Dashboard__/);
      // Its parent is the gateway's HTTP request to it (undici), under one of the gateway's fetches.
      const fetch = index.get(server.parentSpanContext!.spanId)!;
      expect(fetch.kind).toBe(SpanKind.CLIENT);
      expect(fetch.attributes).toMatchObject({ 'server.port': port(url), 'url.path': '/graphql', 'http.response.status_code': 200 });
      expect(index.get(fetch.parentSpanContext!.spanId)!.name).toBe('gateway.fetch');
      // The subgraph's SQL, on its own database, under its server spans (the Dashboard asks the order subgraph twice).
      const servers = spans.filter((s) => s.kind === SpanKind.SERVER && s.attributes['server.port'] === port(url));
      const sql = spans.filter((s) => s.attributes['db.namespace'] === subgraphDatabase(name));
      expect(sql.length).toBeGreaterThan(0);
      for (const statement of sql) {
        expect(servers.some((server) => descends(statement, server, index))).toBe(true);
        expect(statement.kind).toBe(SpanKind.CLIENT);
        expect(statement.attributes['db.system.name']).toEqual(graph.database.kind === 'mysql' ? expect.stringMatching(/^(mysql|mariadb)$/) : 'sqlite');
        expect(statement.attributes['db.query.text']).toMatch(/^\s*SELECT/i);
        expect(statement.name).toBe(`SELECT ${subgraphDatabase(name)}`);
      }
    }
    // Every statement the request ran is in the trace, one span each: the counts /metrics keeps.
    for (const name of SUBGRAPH_NAMES) {
      expect(spans.filter((s) => s.attributes['db.namespace'] === subgraphDatabase(name)).length).toBe(sqlAfter[name] - sqlBefore[name]);
    }
  });

  it('starts a new trace when the client sends none, and the response of every service is in it', async () => {
    const { root, spans } = await tracedDashboard({});
    expect(root.parentSpanContext).toBeUndefined();
    const index = byId(spans);
    for (const span of spans) if (span !== root) expect(descends(span, root, index)).toBe(true);
    for (const name of SUBGRAPH_NAMES) expect(serverSpanAt(spans, graph.subgraphs[name].url)).toBeDefined();
  });

  it('log lines of the request carry the trace id, the span id, the client and the operation, in every service', async () => {
    const traceId = hex(16);
    const { spans } = await tracedDashboard({ traceparent: `00-${traceId}-${hex(8)}-01` });
    const lines = await eventually(() => requestLinesOfAll(graph, traceId), 'a request line from each of the four services');
    const serverSpanIds = new Set(spans.filter((s) => s.kind === SpanKind.SERVER).map((s) => s.spanContext().spanId));
    for (const line of lines) {
      expect(line.client).toBe('web-portal');
      expect(line.operation).toEqual(line.service === 'gateway' ? 'Dashboard' : expect.stringMatching(/^Dashboard__/));
      expect(serverSpanIds.has(line.span_id as string)).toBe(true);
    }
  });

  it('records no SQL parameter, password, token or e-mail address: a sign-in leaves none in any span', async () => {
    exporter.reset();
    const { body } = await graph.query(clientOperation('SignIn'), { email: dana.email, password: DEMO_PASSWORD }, { headers: CLIENT });
    expect(body.data.signIn.__typename).toBe('Session');
    const gatewayPort = port(graph.gateway.url);
    await eventually(() => exporter.getFinishedSpans().some((s) => s.kind === SpanKind.SERVER && s.attributes['server.port'] === gatewayPort), 'the gateway\'s server span');
    const spans = exporter.getFinishedSpans();
    expect(spans.some((s) => s.attributes['db.query.text'] !== undefined)).toBe(true);
    const recorded = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
    expect(recorded).not.toContain(DEMO_PASSWORD);
    expect(recorded).not.toContain(dana.email);
    expect(recorded).not.toContain(body.data.signIn.accessToken);
    expect(recorded).not.toContain(graph.secret);
  });

  it('opens no span for health probes, nor for SQL outside a request (the relays\' and workers\' polls)', async () => {
    exporter.reset();
    const ready = await fetch(graph.gateway.url.replace(/\/graphql$/, '/health/ready'));
    expect(ready.status).toBe(200);
    await graph.drain();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe('tracing configured by the standard OTEL_* variables', () => {
  afterEach(() => stopTracing());

  it('stays off without them: nothing is loaded or registered', async () => {
    expect(await startTracing({ service: 'gateway', env: {} })).toBe(false);
    expect(tracingActive()).toBe(false);
  });

  it('a gateway process sends its spans over OTLP (http/protobuf) to OTEL_EXPORTER_OTLP_ENDPOINT with OTEL_EXPORTER_OTLP_HEADERS, the trace passed on to the subgraph, the last spans sent on SIGTERM', async () => {
    // A collector and a stand-in subgraph that says which traceparent it received.
    const exports: Array<{ path: string; type: string; auth: string; bytes: Buffer }> = [];
    const collector = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        exports.push({ path: request.url ?? '', type: String(request.headers['content-type']), auth: String(request.headers.authorization), bytes: Buffer.concat(chunks) });
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    const received: string[] = [];
    const subgraph = http.createServer((request, response) => {
      received.push(String(request.headers.traceparent));
      request.resume().on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { me: { id: 'a-1' } } })));
    });
    for (const server of [collector, subgraph]) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const subgraphUrl = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
    let out = '';
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'gateway', 'main.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        GATEWAY_PORT: '0',
        GATEWAY_INTERNAL_PORT: '0',
        GATEWAY_SECRET: 'a-test-secret-of-the-gateway-and-subgraphs',
        ACCOUNT_URL: subgraphUrl,
        ORDER_URL: subgraphUrl,
        SUBSCRIPTION_URL: subgraphUrl,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer collector-key',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout!.on('data', (chunk) => (out += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const logs = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
      const listening = await eventually(() => {
        if (child.exitCode !== null) throw new Error(`the gateway stopped: ${stderr}`);
        return logs().find((l) => l.msg === 'listening');
      }, 'the gateway to listen', 90_000);
      const traceId = hex(16);
      const parentId = hex(8);
      const response = await fetch(listening.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${parentId}-01`, ...CLIENT },
        body: JSON.stringify({ query: 'query Me { me { id } }' }),
      });
      expect(await response.json()).toEqual({ data: { me: { id: 'a-1' } } });
      // The subgraph's request carries the same trace, under a span of the gateway's.
      expect(received).toEqual([expect.stringMatching(new RegExp(`^00-${traceId}-(?!${parentId})[0-9a-f]{16}-01$`))]);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Spans are batched: the stop sent them.
      expect(exports.length).toBeGreaterThanOrEqual(1);
      expect(exports[0]).toMatchObject({ path: '/v1/traces', type: 'application/x-protobuf', auth: 'Bearer collector-key' });
      const sent = Buffer.concat(exports.map((e) => e.bytes));
      // The protobuf holds the resource's service name and the span names as strings, the trace id as its 16 bytes.
      for (const text of ['gateway', 'POST /graphql', 'gateway.fetch']) expect(sent.includes(Buffer.from(text))).toBe(true);
      expect(sent.includes(Buffer.from(traceId, 'hex'))).toBe(true);
      // Its log lines name the trace.
      expect(logs().find((l) => l.msg === 'request' && l.path === '/graphql')).toMatchObject({ trace_id: traceId, client: 'web-portal', operation: 'Me' });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const server of [collector, subgraph]) await new Promise((resolve) => server.close(resolve));
    }
    // Starting a process on a busy two-core machine can take tens of seconds.
  }, 150_000);

  it('refuses an exporter or protocol it does not have, in one line at startup', () => {
    expect(() => tracesExportersFromEnv({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER=zipkin is not supported/);
    expect(() => tracesExportersFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/http\/protobuf/);
  });
});
