import 'reflect-metadata';
import { hostname } from 'node:os';
import type { Clock } from '../kernel/clock';
import type { DatabaseConfig, SubgraphName } from '../kernel/config';
import { createLogger } from '../kernel/logger';
import { PollingLoop } from '../kernel/outbox/background';
import { startSubgraph, type RunningSubgraph } from '../kernel/subgraph';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';
import { EVENT_ROUTES } from '../subgraphs/events';

/**
 * One worker process of `npm run bench:renewals`: the order and subscription subgraphs on the
 * bench's databases, with the clock standing on renewal day (BENCH_NOW). Their relays and job
 * workers start polling when the parent says "go", so both processes start together.
 */
async function main(): Promise<void> {
  const database = JSON.parse(process.env.BENCH_DATABASE!) as DatabaseConfig;
  // Renewal day, running on from BENCH_NOW at the pace of real time: a clock that stood still
  // would never reach the retry time of a delivery that failed (backoff).
  const base = Date.parse(process.env.BENCH_NOW!);
  const origin = performance.now();
  const clock: Clock = { now: () => new Date(base + (performance.now() - origin)) };
  const log = createLogger(`bench-worker-${process.pid}`, 'warn');
  const urls: Partial<Record<SubgraphName, string>> = {};
  const running: Array<RunningSubgraph<unknown>> = [];
  for (const name of ['order', 'subscription'] as const) {
    const subgraph = await startSubgraph(SUBGRAPH_DEFINITIONS[name] as any, {
      host: '127.0.0.1',
      port: 0,
      internalPort: 0,
      database,
      gatewaySecret: process.env.GATEWAY_SECRET!,
      clock,
      seedDemo: false,
      routes: EVENT_ROUTES,
      subgraphUrls: urls,
      background: false,
      log,
    });
    urls[name] = subgraph.url;
    running.push(subgraph as RunningSubgraph<unknown>);
  }
  const interval = Number(process.env.BENCH_POLL_MS ?? 20);
  const loops = running.flatMap((s) => [
    new PollingLoop('relay', interval, () => s.relay.deliverDue(), log),
    new PollingLoop('jobs', interval, () => s.worker.runDue(), log),
  ]);
  process.on('message', async (message) => {
    if (message === 'go') {
      for (const loop of loops) loop.start();
      console.error(`worker ${process.pid}: polling from ${clock.now().toISOString()}`);
    }
    if (message === 'stop') {
      for (const loop of loops) await loop.stop();
      for (const s of running) await s.close();
      process.exit(0);
    }
  });
  process.send!({ ready: true, worker: `${hostname()}:${process.pid}` });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
