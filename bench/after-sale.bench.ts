import { createHash } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import { SUBGRAPH_NAMES, databaseConfig } from '../kernel/config';
import { DEMO } from '../kernel/demo';
import { hashCostFromEnv, hashPassword } from '../kernel/password-hash';
import { pseudoRandomBytes } from '../subgraphs/order/downloads/demo-files';
import { FileSystemStorage } from '../subgraphs/order/downloads/file-storage';
import { clientOperation } from '../test/support/operations';
import { cpuMsOf, mb, median, option, percentile, rssOf, runBench, startBenchGraph, writeResults } from './bench-graph';

/**
 * After the sale, measured: Quick Order Lookups per second at concurrency 8 (O8; the slow
 * password hash dominates, PASSWORD_HASH_LOG_N sets it), the download route's throughput for a
 * 50 MB file through the gateway's public port and whether the processes' memory stays flat
 * while it streams (O10), and the SQL statements of one OrderPage (O9).
 *
 *   npm run bench:after-sale -- [--duration S] [--orders N] [--file-mb M] [--port-base P]
 *
 * The four compiled processes run on MySQL (DATABASE_URL, default mysql://root@127.0.0.1:3306),
 * in databases prefixed bench_aftersale_ that it drops and recreates. Results also go to
 * .data/bench/after-sale.json.
 */
const DURATION_S = option('duration', 10);
const ORDERS = option('orders', 24);
const FILE_MB = option('file-mb', 50);
const PORT_BASE = option('port-base', 4800);
const CONCURRENCY = 8;
const PREFIX = 'bench_aftersale';

const STORE = {
  addToCart: clientOperation('AddToCart'),
  setCheckoutDetails: clientOperation('SetCheckoutDetails'),
  placeOrder: clientOperation('PlaceOrder'),
  lookup: clientOperation('QuickOrderLookup'),
  orderPage: clientOperation('OrderPage'),
};

async function main(): Promise<void> {
  const graph = await startBenchGraph({ prefix: PREFIX, portBase: PORT_BASE });
  const { env, graphql, pid } = graph;
  const results: Record<string, unknown> = {};
  try {
    // The slow hash itself, in this process, at the graph's cost.
    const cost = hashCostFromEnv(env);
    const hashMs: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      await hashPassword('correct horse battery staple', cost);
      hashMs.push(performance.now() - started);
    }
    const cpu = process.cpuUsage(cpuBefore);
    results.scrypt = {
      logN: cost.logN,
      r: cost.r,
      p: cost.p,
      memoryMiB: (128 * cost.r * 2 ** cost.logN) / 1024 / 1024,
      medianMs: Math.round(median(hashMs) * 10) / 10,
      cpuMsPerHash: Math.round((cpu.user + cpu.system) / 1000 / 7),
    };

    // Orders to look up, placed through the store.
    const orders: Array<{ id: string; number: string; password: string; token: string }> = [];
    for (let i = 0; i < ORDERS; i++) {
      const cart = (await graphql(STORE.addToCart, { cartId: null, lines: [{ productId: DEMO.products.pcTuneUp, quantity: 1 }] })).addToCart;
      await graphql(STORE.setCheckoutDetails, { cartId: cart.id, details: { email: `bench.${i}@example.com`, billingAddress: { name: 'Bench Buyer', line1: '100 Congress Ave', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' } } });
      const placed = (await graphql(STORE.placeOrder, { cartId: cart.id, payment: { card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030, cvc: '123', holderName: 'Bench Buyer' } } })).placeOrder;
      orders.push({ id: placed.access.order.id, number: placed.access.order.number, password: placed.orderPassword, token: placed.access.token });
    }

    // O8: lookups at concurrency 8, each from its own client address, each with the right password.
    const lookupCpu = { gateway: cpuMsOf(pid('gateway')), order: cpuMsOf(pid('order-subgraph')) };
    const latencies: number[] = [];
    let failures = 0;
    let sent = 0;
    const deadline = performance.now() + DURATION_S * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        while (performance.now() < deadline) {
          const n = sent++;
          const order = orders[n % orders.length];
          const started = performance.now();
          const answer = (await graphql(STORE.lookup, { input: { orderNumber: order.number, orderPassword: order.password } }, { 'x-forwarded-for': `198.51.${100 + worker}.${n % 250}` })).lookupOrder;
          latencies.push(performance.now() - started);
          if (answer.__typename !== 'OrderAccess') failures++;
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    results.lookups = {
      concurrency: CONCURRENCY,
      seconds: DURATION_S,
      total: latencies.length,
      perSecond: Math.round((latencies.length / DURATION_S) * 10) / 10,
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      notOpened: failures,
      cpuMsPerLookup: {
        gateway: Math.round((cpuMsOf(pid('gateway')) - lookupCpu.gateway) / latencies.length),
        order: Math.round((cpuMsOf(pid('order-subgraph')) - lookupCpu.order) / latencies.length),
      },
    };

    // O9: SQL statements of one OrderPage, per subgraph, from their own counters.
    const sqlCounts = graph.sqlCounts;
    const first = orders[0];
    await graphql(STORE.orderPage, { id: first.id }, { authorization: `Bearer ${first.token}` }); // warm
    const before = await sqlCounts();
    await graphql(STORE.orderPage, { id: first.id }, { authorization: `Bearer ${first.token}` });
    const after = await sqlCounts();
    results.orderPageStatements = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, after[n] - before[n]]));

    // O10: a file of FILE_MB megabytes in the storage port, delivered by PC Tune-Up.
    const size = FILE_MB * 1024 * 1024;
    const storage = new FileSystemStorage(env.FILE_STORAGE_DIR!);
    await storage.write('bench/large-installer.exe', pseudoRandomBytes('bench-large', size));
    const digest = createHash('sha256');
    for await (const chunk of pseudoRandomBytes('bench-large', size)) digest.update(chunk as Buffer);
    const sha256 = digest.digest('hex');
    const database = databaseConfig({ DATABASE_URL: env.DATABASE_URL });
    if (database.kind !== 'mysql') throw new Error('the benchmark runs on MySQL');
    const orderDb = await mysql.createConnection({ host: database.host, port: database.port, user: database.user, password: database.password, database: `${PREFIX}_orders` });
    await orderDb.query('UPDATE product_files SET storageKey = ?, sizeBytes = ?, sha256 = ?, fileName = ? WHERE productId = ?', ['bench/large-installer.exe', size, sha256, 'Large-Installer.exe', DEMO.products.pcTuneUp]);
    await orderDb.end();
    const page = (await graphql(STORE.orderPage, { id: first.id }, { authorization: `Bearer ${first.token}` })).order;
    const url: string = page.downloads[0].url;

    const rss = { gateway: [] as number[], order: [] as number[] };
    const sample = () => {
      rss.gateway.push(rssOf(pid('gateway')));
      rss.order.push(rssOf(pid('order-subgraph')));
    };
    /** Reads a download to its end, hashing it; `pauseMs` stalls after the first chunk (a slow reader). */
    const download = async (pauseMs = 0) => {
      const response = await fetch(url);
      const hash = createHash('sha256');
      let bytes = 0;
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (bytes === 0 && pauseMs) await sleep(pauseMs);
        bytes += value.length;
        hash.update(value);
      }
      if (bytes !== size || hash.digest('hex') !== sha256) throw new Error('a download did not arrive whole');
      return bytes;
    };
    await download(); // warm
    await sleep(500);
    sample();
    const baseline = { gateway: rss.gateway[0], order: rss.order[0] };
    const sampler = setInterval(sample, 25);
    const runs: Array<{ name: string; seconds: number; mbPerSecond: number; cpuMsPerMiB: { gateway: number; order: number } }> = [];
    for (const [name, parallel] of [['one at a time (5 downloads)', 1], ['4 at once (8 downloads)', 4]] as const) {
      const rounds = parallel === 1 ? 5 : 2;
      const started = performance.now();
      const cpu0 = { gateway: cpuMsOf(pid('gateway')), order: cpuMsOf(pid('order-subgraph')) };
      let bytes = 0;
      for (let r = 0; r < rounds; r++) bytes += (await Promise.all(Array.from({ length: parallel }, () => download()))).reduce((a, b) => a + b, 0);
      const seconds = (performance.now() - started) / 1000;
      runs.push({
        name,
        seconds: Math.round(seconds * 100) / 100,
        mbPerSecond: Math.round(mb(bytes) / seconds),
        cpuMsPerMiB: {
          gateway: Math.round(((cpuMsOf(pid('gateway')) - cpu0.gateway) / mb(bytes)) * 10) / 10,
          order: Math.round(((cpuMsOf(pid('order-subgraph')) - cpu0.order) / mb(bytes)) * 10) / 10,
        },
      });
    }
    await download(3000); // a client that stops reading for 3 s: backpressure, not buffering
    clearInterval(sampler);
    results.downloads = {
      fileMiB: FILE_MB,
      runs,
      rssMiB: {
        gateway: { before: Math.round(mb(baseline.gateway)), peak: Math.round(mb(Math.max(...rss.gateway))) },
        order: { before: Math.round(mb(baseline.order)), peak: Math.round(mb(Math.max(...rss.order))) },
      },
    };
  } finally {
    await graph.stop();
  }

  writeResults('after-sale', results);
  const s = results.scrypt as any;
  const l = results.lookups as any;
  const d = results.downloads as any;
  console.log(`
After the sale (${new Date().toISOString()}, ${os.cpus().length} cores)

Load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other work on the machine depresses wall-clock figures; CPU per operation does not move)
Quick Order Lookup (O8), concurrency ${l.concurrency}, ${l.seconds} s: ${l.perSecond} lookups/s, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms (${l.total} lookups, ${l.notOpened} not opened)
  CPU per lookup: order subgraph ${l.cpuMsPerLookup.order} ms, gateway ${l.cpuMsPerLookup.gateway} ms
  the slow hash: scrypt N=2^${s.logN}, r=${s.r}, p=${s.p} (${s.memoryMiB} MiB), median ${s.medianMs} ms, ${s.cpuMsPerHash} ms of CPU per hash (PASSWORD_HASH_LOG_N=${s.logN})
OrderPage (O9), SQL statements: ${JSON.stringify(results.orderPageStatements)}
Downloads (O10), a ${d.fileMiB} MiB file through the gateway's public port:
${d.runs.map((r: any) => `  ${r.name}: ${r.mbPerSecond} MiB/s (${r.seconds} s); CPU per MiB: gateway ${r.cpuMsPerMiB.gateway} ms, order subgraph ${r.cpuMsPerMiB.order} ms`).join('\n')}
  resident memory while streaming (and a reader stalled 3 s): gateway ${d.rssMiB.gateway.before} → peak ${d.rssMiB.gateway.peak} MiB, order subgraph ${d.rssMiB.order.before} → peak ${d.rssMiB.order.peak} MiB
`);
}

runBench(main);
