/**
 * A few process counters in the Prometheus text format, served at /metrics. The benchmark
 * reads them to report SQL statements per request and each process's CPU; operators scrape them.
 */
export class Metrics {
  /** SQL statements run for requests (what a client's query costs). */
  sqlStatements = 0;
  /** SQL statements of background work, health checks and metric scrapes. */
  operationalSqlStatements = 0;
  httpRequests = 0;
  graphqlRequests = 0;
  private readonly gauges = new Map<string, () => Promise<Record<string, number>> | Record<string, number>>();

  constructor(readonly service: string) {}

  /** Adds gauges computed at scrape time (e.g. a backlog size). */
  gauge(name: string, read: () => Promise<Record<string, number>> | Record<string, number>): void {
    this.gauges.set(name, read);
  }

  async render(): Promise<string> {
    const cpu = process.cpuUsage();
    const label = `service="${this.service}"`;
    const lines = [
      '# TYPE sql_statements_total counter',
      `sql_statements_total{${label}} ${this.sqlStatements}`,
      '# TYPE operational_sql_statements_total counter',
      `operational_sql_statements_total{${label}} ${this.operationalSqlStatements}`,
      '# TYPE http_requests_total counter',
      `http_requests_total{${label}} ${this.httpRequests}`,
      '# TYPE graphql_requests_total counter',
      `graphql_requests_total{${label}} ${this.graphqlRequests}`,
      '# TYPE process_cpu_seconds_total counter',
      `process_cpu_seconds_total{${label}} ${(cpu.user + cpu.system) / 1e6}`,
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes{${label}} ${process.memoryUsage().rss}`,
    ];
    for (const [name, read] of this.gauges) {
      lines.push(`# TYPE ${name} gauge`);
      for (const [key, value] of Object.entries(await read())) lines.push(`${name}{${label},${key}} ${value}`);
    }
    return lines.join('\n') + '\n';
  }
}

/** Reads one counter back out of the text format (used by the benchmark and tests). */
export function readMetric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  if (!line) throw new Error(`metric ${name} not found`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}
