import { StartupError } from './errors';
import { requestLogBindings } from './request-log';
import { traceContextOf, traceparentOf, tracesExportersFromEnv } from './tracing';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';

describe('which exporters the OTEL_* variables ask for', () => {
  it.each([
    [{}, []],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, ['otlp']],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, ['otlp']],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, []],
    [{ OTEL_TRACES_EXPORTER: 'console' }, ['console']],
    [{ OTEL_TRACES_EXPORTER: 'otlp, console' }, ['otlp', 'console']],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, []],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, []],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }, ['otlp']],
    [{ OTEL_TRACES_EXPORTER: 'console', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, ['console']],
  ])('%j: %j', (env, expected) => {
    expect(tracesExportersFromEnv(env)).toEqual(expected);
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, /OTEL_TRACES_EXPORTER=jaeger is not supported/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported/],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }, /http\/json is not supported/],
  ])('%j is refused with one line saying what works', (env, message) => {
    expect(() => tracesExportersFromEnv(env)).toThrow(StartupError);
    expect(() => tracesExportersFromEnv(env)).toThrow(message);
  });
});

describe('a client\'s W3C trace context', () => {
  it('is taken when well formed', () => {
    expect(traceparentOf({ traceparent: `00-${TRACE}-${PARENT}-01` })).toBe(`00-${TRACE}-${PARENT}-01`);
    expect(traceContextOf({ traceparent: `00-${TRACE}-${PARENT}-00`, tracestate: 'vendor=abc,other=1' })).toEqual({ traceparent: `00-${TRACE}-${PARENT}-00`, tracestate: 'vendor=abc,other=1' });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['an all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['another version', `01-${TRACE}-${PARENT}-01`],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['a line break and more', `00-${TRACE}-${PARENT}-01\r\nx-gateway-secret: guess`],
    ['no flags', `00-${TRACE}-${PARENT}`],
    ['10,000 characters', 'x'.repeat(10_000)],
  ])('is ignored when malformed: %s', (_what, traceparent) => {
    expect(traceparentOf({ traceparent })).toBeUndefined();
    expect(traceContextOf({ traceparent })).toBeUndefined();
  });

  it('drops a tracestate over 512 characters or with control characters, keeping the traceparent', () => {
    const traceparent = `00-${TRACE}-${PARENT}-01`;
    expect(traceContextOf({ traceparent, tracestate: `a=${'b'.repeat(600)}` })).toEqual({ traceparent });
    expect(traceContextOf({ traceparent, tracestate: 'a=b\nc=d' })).toEqual({ traceparent });
  });
});

describe('what a request\'s log lines carry', () => {
  it('the client name and, when the process does not trace, the client\'s trace id', () => {
    const headers = { 'apollographql-client-name': 'web-portal', traceparent: `00-${TRACE}-${PARENT}-01` };
    expect(requestLogBindings(headers, false)).toEqual({ client: 'web-portal', trace_id: TRACE });
    // Tracing writes its own span's ids once the span is open.
    expect(requestLogBindings(headers, true)).toEqual({ client: 'web-portal' });
  });

  it.each([['65 characters', 'x'.repeat(65)], ['a line break', 'bad\nname'], ['markup', '<script>'], ['empty', '']])('leaves out a client name of the wrong shape: %s', (_what, name) => {
    expect(requestLogBindings({ 'apollographql-client-name': name }, false)).toEqual({});
  });
});
