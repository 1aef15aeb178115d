import os from 'node:os';
import { SUBGRAPH_NAMES, type SubgraphName } from '../kernel/config';
import { DEMO } from '../kernel/demo';
import { clientOperation } from '../test/support/operations';
import { cpuMsOf, option, percentile, runBench, startBenchGraph, writeResults, type BenchGraph } from './bench-graph';

/**
 * The checkout scenario (O1–O7): what a shopper's browser sends, step by step, through the
 * gateway — `Catalog`, `AddToCart` (an annual suite on the Auto-Renewal Plan and a boxed
 * edition shipped by Priority Mail), `SetCheckoutDetails`, `PlaceOrder` with the approving test
 * card 4242… — on MySQL. It reports orders per second at concurrency 1 and 8 with p50/p99 of a
 * whole checkout and of each step, the CPU each process spends per order, and the SQL statements
 * each step costs in each subgraph (one checkout measured alone, from the subgraphs' counters).
 *
 *   npm run bench:checkout -- [--duration S] [--port-base P]
 *
 * `npm run bench` runs it after the Dashboard benchmark. Databases are prefixed bench_checkout_
 * (dropped and recreated); results also go to .data/bench/checkout.json.
 */
const DURATION_S = option('duration', 10);
const PORT_BASE = option('port-base', 4820);
const PREFIX = 'bench_checkout';
const CONCURRENCIES = [1, 8];

const STEPS = {
  catalog: clientOperation('Catalog'),
  addToCart: clientOperation('AddToCart'),
  setCheckoutDetails: clientOperation('SetCheckoutDetails'),
  placeOrder: clientOperation('PlaceOrder'),
};
type Step = keyof typeof STEPS;
const STEP_NAMES = Object.keys(STEPS) as Step[];

const ADDRESS = { name: 'Bench Buyer', line1: '100 Congress Ave', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' };
const CARD = { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030, cvc: '123', holderName: 'Bench Buyer' };

/** One shopper's checkout; `timings` receives each step's latency in ms. */
async function checkout(graph: BenchGraph, n: number, timings?: Record<Step, number[]>, between?: (step: Step) => Promise<void>): Promise<void> {
  // Every shopper comes from an address of its own, as many customers would.
  const headers = { 'x-forwarded-for': `198.51.100.${n % 250}`, 'apollographql-client-name': 'bench-store' };
  const timed = async <T>(step: Step, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    timings?.[step].push(performance.now() - started);
    await between?.(step);
    return result;
  };
  const catalog = await timed('catalog', () => graph.graphql(STEPS.catalog, {}, headers));
  if (!catalog.products.length) throw new Error('the catalog is empty');
  const cart = (
    await timed('addToCart', () =>
      graph.graphql(
        STEPS.addToCart,
        {
          cartId: null,
          lines: [
            { productId: DEMO.products.maximumSecurity, quantity: 1, autoRenew: true },
            { productId: DEMO.products.internetSecurityBoxed, quantity: 1 },
          ],
        },
        headers,
      ),
    )
  ).addToCart;
  if (cart.__typename !== 'Cart') throw new Error(`AddToCart: ${JSON.stringify(cart)}`);
  const details = (
    await timed('setCheckoutDetails', () =>
      graph.graphql(STEPS.setCheckoutDetails, { cartId: cart.id, details: { email: `shopper.${n}@example.com`, billingAddress: ADDRESS, shippingAddress: ADDRESS, shippingMethod: 'USPS_PRIORITY' } }, headers),
    )
  ).setCheckoutDetails;
  if (details.__typename !== 'Cart') throw new Error(`SetCheckoutDetails: ${JSON.stringify(details)}`);
  const placed = (await timed('placeOrder', () => graph.graphql(STEPS.placeOrder, { cartId: cart.id, payment: { card: CARD } }, headers))).placeOrder;
  if (placed.__typename !== 'OrderConfirmation') throw new Error(`PlaceOrder: ${JSON.stringify(placed)}`);
}

async function main(): Promise<void> {
  const graph = await startBenchGraph({ prefix: PREFIX, portBase: PORT_BASE });
  const results: Record<string, any> = {};
  const processNames = ['gateway', 'account-subgraph', 'order-subgraph', 'subscription-subgraph'];
  let shopper = 0;
  try {
    await checkout(graph, shopper++); // warm: plans cached, connections open

    // SQL statements per step, one checkout alone (the relays' and jobs' own statements run
    // on timers; they are read from the same counters, so a quiet second between steps keeps
    // them out of the figure — the numbers are the least each step costs).
    const statements = {} as Record<Step, Record<SubgraphName, number>>;
    let before = await graph.sqlCounts();
    await checkout(graph, shopper++, undefined, async (step) => {
      const after = await graph.sqlCounts();
      statements[step] = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, after[name] - before[name]])) as Record<SubgraphName, number>;
      before = after;
    });
    results.statements = statements;

    results.runs = [];
    for (const concurrency of CONCURRENCIES) {
      const timings = Object.fromEntries(STEP_NAMES.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
      const whole: number[] = [];
      const cpu0 = Object.fromEntries(processNames.map((p) => [p, cpuMsOf(graph.pid(p))]));
      const deadline = performance.now() + DURATION_S * 1000;
      let failures = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < deadline) {
            const t0 = performance.now();
            try {
              await checkout(graph, shopper++, timings);
              whole.push(performance.now() - t0);
            } catch (error) {
              failures++;
              if (failures === 1) console.error((error as Error).message.slice(0, 500));
            }
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      whole.sort((a, b) => a - b);
      for (const s of STEP_NAMES) timings[s].sort((a, b) => a - b);
      results.runs.push({
        concurrency,
        orders: whole.length,
        failures,
        ordersPerSecond: Math.round((whole.length / seconds) * 10) / 10,
        p50Ms: Math.round(percentile(whole, 50)),
        p99Ms: Math.round(percentile(whole, 99)),
        steps: Object.fromEntries(STEP_NAMES.map((s) => [s, { p50Ms: Math.round(percentile(timings[s], 50)), p99Ms: Math.round(percentile(timings[s], 99)) }])),
        cpuMsPerOrder: Object.fromEntries(processNames.map((p) => [p, Math.round(((cpuMsOf(graph.pid(p)) - cpu0[p]) / Math.max(1, whole.length)) * 10) / 10])),
      });
    }
  } finally {
    await graph.stop();
  }
  writeResults('checkout', results);

  const pad = (text: string | number, width: number) => String(text).padStart(width);
  console.log(`
Checkout (${new Date().toISOString()}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})
Catalog → AddToCart (annual suite on Auto-Renewal + boxed edition) → SetCheckoutDetails (Priority Mail) → PlaceOrder (card 4242…)

concurrency  orders/s   p50 ms   p99 ms   orders  failed   CPU ms per order: gateway / account / order / subscription
${results.runs
  .map(
    (r: any) =>
      `${pad(r.concurrency, 11)}  ${pad(r.ordersPerSecond, 8)}  ${pad(r.p50Ms, 7)}  ${pad(r.p99Ms, 7)}  ${pad(r.orders, 7)}  ${pad(r.failures, 6)}   ${processNames.map((p) => r.cpuMsPerOrder[p]).join(' / ')}`,
  )
  .join('\n')}

step                 ${CONCURRENCIES.map((c) => `c=${c} p50/p99 ms`).join('   ')}   SQL statements (account / order / subscription)
${STEP_NAMES.map(
  (s) =>
    `${s.padEnd(20)} ${results.runs.map((r: any) => pad(`${r.steps[s].p50Ms}/${r.steps[s].p99Ms}`, 16)).join('   ')}   ${SUBGRAPH_NAMES.map((n) => results.statements[s][n]).join(' / ')}`,
).join('\n')}

PlaceOrder stores the order password as a slow hash (scrypt, PASSWORD_HASH_LOG_N): most of the order subgraph's CPU per order.
`);
}

runBench(main);
