import { performance } from 'node:perf_hooks';
import { REFUSAL_CODES } from '../kernel/errors';
import { readMetric } from '../kernel/metrics';
import { ATTACKS } from '../test/support/attacks';

/**
 * The attacks of the security review against the running gateway: how long a refusal takes
 * (the median of 20 sequential requests of each document, anonymous and signed in), and the
 * gateway's resident memory before and after 1,000 refusals of each document (8 in flight).
 */
export interface RefusalResult {
  attack: string;
  bytes: number;
  /** The refusal codes answered. */
  codes: string[];
  medianMs: { anonymous: number; signedIn: number };
  /** Gateway CPU time per refusal during the 1,000 (process_cpu_seconds_total): unlike the wall time, not lengthened by other work on the machine. */
  gatewayCpuMs: number;
  /** Gateway RSS in MiB after 1,000 refusals of this document (and those of the documents before it). */
  rssMiBAfter: number;
}

export interface RefusalReport {
  rssMiBBefore: number;
  attacks: RefusalResult[];
}

const SAMPLES = 20;
const FLOOD = 1000;
const IN_FLIGHT = 8;
const REFUSALS = new Set<string>(REFUSAL_CODES);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function gatewayMetrics(metricsUrl: string): Promise<{ rssMiB: number; cpuSeconds: number }> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) })).text();
  return { rssMiB: readMetric(text, 'process_resident_memory_bytes') / 1024 ** 2, cpuSeconds: readMetric(text, 'process_cpu_seconds_total') };
}

/** Sends one attack; fails the benchmark unless it is refused (HTTP 400, a refusal code, no data). */
async function refuse(url: string, body: string, authorization: string | undefined): Promise<{ ms: number; codes: string[] }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  const parsed = JSON.parse(text) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
  const codes = (parsed.errors ?? []).map((e) => String(e.extensions?.code));
  if (response.status !== 400 || parsed.data !== undefined || !codes.length || !codes.every((c) => REFUSALS.has(c))) {
    throw new Error(`an attack was not refused: status ${response.status}, ${text.slice(0, 300)}`);
  }
  return { ms, codes };
}

export async function measureRefusals(options: { graphqlUrl: string; metricsUrl: string; authorization: string }): Promise<RefusalReport> {
  const { graphqlUrl, metricsUrl, authorization } = options;
  const rssMiBBefore = (await gatewayMetrics(metricsUrl)).rssMiB;
  const attacks: RefusalResult[] = [];
  for (const [attack, query] of Object.entries(ATTACKS)) {
    const body = JSON.stringify({ query, variables: {} });
    const samples = { anonymous: [] as number[], signedIn: [] as number[] };
    let codes: string[] = [];
    // One of each first, so that neither median carries the first request's warm-up.
    await refuse(graphqlUrl, body, undefined);
    await refuse(graphqlUrl, body, authorization);
    for (let i = 0; i < SAMPLES; i++) {
      const anonymous = await refuse(graphqlUrl, body, undefined);
      samples.anonymous.push(anonymous.ms);
      const signedIn = await refuse(graphqlUrl, body, authorization);
      samples.signedIn.push(signedIn.ms);
      codes = signedIn.codes;
    }
    let sent = 0;
    const before = await gatewayMetrics(metricsUrl);
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (sent < FLOOD) {
          sent++;
          await refuse(graphqlUrl, body, sent % 2 ? authorization : undefined);
        }
      }),
    );
    const after = await gatewayMetrics(metricsUrl);
    attacks.push({
      attack,
      bytes: Buffer.byteLength(body),
      codes,
      medianMs: { anonymous: median(samples.anonymous), signedIn: median(samples.signedIn) },
      gatewayCpuMs: (1000 * (after.cpuSeconds - before.cpuSeconds)) / FLOOD,
      rssMiBAfter: after.rssMiB,
    });
  }
  return { rssMiBBefore, attacks };
}
