import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CLIENT_NAME } from './request-log';

/** Latency buckets in seconds: from a cached lookup (2 ms) to a request about to time out (10 s). */
const DURATION_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A label whose values come from callers (operation and client names): kept to a bounded set,
 * so that a client inventing names cannot grow the metrics without end. Values of the wrong
 * shape become `invalid`, values past the first `limit` distinct ones become `other`.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly pattern: RegExp,
    private readonly limit: number,
    private readonly absent: string,
  ) {}

  value(raw: string | null | undefined): string {
    if (raw === null || raw === undefined || raw === '') return this.absent;
    if (this.seen.has(raw)) return raw;
    if (!this.pattern.test(raw)) return 'invalid';
    if (this.seen.size >= this.limit) return 'other';
    this.seen.add(raw);
    return raw;
  }
}

/** Node's process metrics (CPU, memory, event loop lag, GC, handles), once per process. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The Prometheus metrics of one service (prom-client), served on its internal port. Each
 * service has its own registry, labelled `service`, so that the four services of the
 * in-process test graph stay apart; Node's process metrics are the process's own.
 *
 * SQL statements are also kept as plain numbers: tests assert the cost of a request by
 * reading `sqlStatements` before and after it.
 */
export class Metrics {
  readonly registry = new Registry();
  private requestSql = 0;
  private operationalSql = 0;
  /**
   * HTTP requests answered with a 4xx or 5xx before or outside GraphQL (401 without the secret,
   * 413, malformed JSON, unknown paths), by route pattern and status. Successful traffic is
   * measured by `graphqlDuration`; one histogram per request is enough on the hot path.
   */
  readonly httpErrors: Counter<'method' | 'route' | 'status_code'>;
  /** GraphQL operations by operation name and client name (`apollographql-client-name`). */
  readonly graphqlDuration: Histogram<'operation' | 'client'>;
  /** GraphQL errors in responses, by `extensions.code`. */
  readonly graphqlErrors: Counter<'code'>;
  readonly operationNames = new BoundedLabel(/^[_A-Za-z][_0-9A-Za-z]{0,99}$/, 500, 'anonymous');
  readonly clientNames = new BoundedLabel(CLIENT_NAME, 100, 'unknown');
  /** Our codes are a closed set; a subgraph's answer could carry anything. */
  readonly errorCodes = new BoundedLabel(/^[A-Z_]{1,40}$/, 50, 'INTERNAL_SERVER_ERROR');
  private subgraphMetrics?: SubgraphFetchMetrics;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    const registers = [this.registry];
    // Counted as plain numbers on the hot path (one per statement) and handed to prom-client at scrape time.
    const read = (value: () => number) =>
      function (this: Counter) {
        this.reset();
        this.inc(value());
      };
    new Counter({ name: 'sql_statements_total', help: 'SQL statements run for requests (what a client query costs).', registers, collect: read(() => this.requestSql) });
    new Counter({
      name: 'operational_sql_statements_total',
      help: 'SQL statements of background work (outbox relay, job workers), health checks and metric scrapes.',
      registers,
      collect: read(() => this.operationalSql),
    });
    this.httpErrors = new Counter({
      name: 'http_errors_total',
      help: 'HTTP requests on the public port answered with a 4xx or 5xx status, by route, method and status code.',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL operations from the start of processing to the response, by operation name and client name.',
      labelNames: ['operation', 'client'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.graphqlErrors = new Counter({ name: 'graphql_errors_total', help: 'Errors in GraphQL responses, by extensions.code.', labelNames: ['code'], registers });
  }

  /** SQL statements run for requests so far (tests count what a request costs). */
  get sqlStatements(): number {
    return this.requestSql;
  }

  get operationalSqlStatements(): number {
    return this.operationalSql;
  }

  /** Counts one SQL statement, of a request or of operational work (see `asOperationalWork`). */
  countSql(operational: boolean): void {
    if (operational) this.operationalSql += 1;
    else this.requestSql += 1;
  }

  /** The gateway's view of its subgraphs (created by the gateway alone). */
  subgraphFetches(): SubgraphFetchMetrics {
    this.subgraphMetrics ??= new SubgraphFetchMetrics(this.registry);
    return this.subgraphMetrics;
  }

  /** A gauge whose values are read at scrape time (e.g. a backlog size), one series per label value. */
  gauge(name: string, help: string, label: string, read: () => Promise<Record<string, number>> | Record<string, number>): void {
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      async collect() {
        for (const [value, count] of Object.entries(await read())) this.set({ [label]: value }, count);
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    return (await processMetrics().metrics()) + (await this.registry.metrics());
  }
}

/** Subgraph fetches as the gateway sees them. */
export class SubgraphFetchMetrics {
  readonly duration: Histogram<'subgraph' | 'outcome'>;
  readonly retries: Counter<'subgraph'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'subgraph_fetch_duration_seconds',
      help: 'Fetches from the gateway to a subgraph, by subgraph and outcome (ok, http_error, network_error).',
      labelNames: ['subgraph', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
    this.retries = new Counter({
      name: 'subgraph_fetch_retries_total',
      help: 'Query fetches sent again after the connection to the subgraph was reset.',
      labelNames: ['subgraph'],
      registers: [registry],
    });
  }
}

/**
 * Reads a metric back out of the text format (the benchmark and tests): the sum of all its
 * series, or of those whose labels include every `labels` pair.
 */
export function readMetric(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let found = false;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!wanted.every((pair) => line.includes(pair))) continue;
    found = true;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  if (!found) throw new Error(`metric ${name} not found`);
  return sum;
}
