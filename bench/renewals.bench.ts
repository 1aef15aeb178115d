import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { generateSigningKey } from '../kernel/access-token';
import path from 'node:path';
import { DEMO } from '../kernel/demo';
import { startSmtpServer } from '../test/support/smtp';
import { startTestGraph, type TestGraph } from '../test/support/graph';
import { buySubscription, DAY } from '../test/subscriptions/support';
import { option, textOption, writeResults } from './bench-graph';

/**
 * Renewal day, measured (S3, X2): N licenses on the Auto-Renewal Plan due the same day on
 * MySQL/MariaDB (bulk inserted beside one real purchase whose stored card they share, their
 * reminders already sent), the clock standing past the charge time, two worker processes each
 * running the order and subscription subgraphs' relays and job workers. Timed from "go" to the
 * last of: every license extended, every renewal order captured, every confirmation received by
 * SMTP. Then checks that nothing was done twice.
 *
 *   npm run bench:renewals -- [--sizes 1000,10000]
 *
 * DATABASE_URL (default mysql://root@127.0.0.1:3306); databases prefixed benchrenewals, dropped
 * at the end. Results also go to .data/bench/renewals.json.
 */
const SIZES = textOption('sizes', '1000,10000').split(',').map(Number);
const LIMIT_MS = option('minutes', 30) * 60_000;
const WORKER = path.join(__dirname, 'renewals.worker.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = async (graph: TestGraph, subgraph: 'order' | 'subscription', sql: string, params: unknown[] = []) => Number((await graph.subgraphs[subgraph].dataSource.query(sql, params))[0].n);

async function bulkInsert(graph: TestGraph, n: number, templateId: string, expiresAt: Date): Promise<void> {
  const db = graph.subgraphs.subscription.dataSource;
  const [template] = await db.query('SELECT * FROM licenses WHERE id = ?', [templateId]);
  const chargeAt = new Date(expiresAt.getTime() - DAY);
  const ids = [templateId];
  for (let i = 1; i < n; i++) ids.push(randomUUID());
  for (let from = 0; from < n; from += 1000) {
    const batch = ids.slice(from, from + 1000);
    const clones = batch.filter((id) => id !== templateId);
    if (clones.length > 0) {
      await db.query(
        `INSERT INTO licenses (id, accountId, serialNumber, activationCode, productId, orderId, orderItemId, orderItemUnit, devices, startsAt, expiresAt, storedState, autoRenew, billingPeriod, purchaseChannel, partnerName, graceUntil) VALUES ${clones.map(() => '(?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, 1, ?, ?, NULL, NULL)').join(', ')}`,
        clones.flatMap((id) => [id, template.accountId, `B${id.replace(/-/g, '').slice(0, 19)}`, `AC-BN-${id.replace(/-/g, '').slice(0, 12)}`, template.productId, template.orderId, template.devices, template.startsAt, expiresAt, template.storedState, template.billingPeriod, template.purchaseChannel]),
      );
      await db.query(`INSERT INTO license_terms (id, licenseId, orderId, startsAt, expiresAt) VALUES ${clones.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, clones.flatMap((id) => [randomUUID(), id, template.orderId, template.startsAt, expiresAt]));
    }
    // The reminders went out a week before: the sweep finds each cycle due for its charge.
    await db.query(
      `INSERT INTO renewal_cycles (id, licenseId, termEnd, state, remindedLeadDays, attempts, nextActionAt, firstDeclinedAt, lastDeclineReason, updatedAt) VALUES ${batch.map(() => "(?, ?, ?, 'REMINDED', 7, 0, ?, NULL, NULL, ?)").join(', ')}`,
      batch.flatMap((id) => [randomUUID(), id, expiresAt, chargeAt, chargeAt]),
    );
  }
}

async function run(n: number): Promise<Record<string, unknown>> {
  process.env.TEST_DATABASE_KIND = 'mysql';
  process.env.TEST_DATABASE_PREFIX = `benchrenewals${n}`;
  process.env.TEST_DATABASE_URL = process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306';
  const smtp = await startSmtpServer();
  const graph = await startTestGraph({ env: { SMTP_URL: smtp.url } });
  const children: ChildProcess[] = [];
  try {
    const { license } = await buySubscription(graph, { email: 'bench.renewals@example.com', productId: DEMO.products.antivirusAnnual });
    const expiresAt = new Date(license.expiresAt);
    const setup = performance.now();
    await bulkInsert(graph, n, license.id, expiresAt);
    const insertMs = performance.now() - setup;
    smtp.received.splice(0);
    const env = {
      ...process.env,
      ORDER_TOKEN_KEYS: JSON.stringify({ keys: [await generateSigningKey()] }),
      CARD_DIGEST_KEY: randomBytes(32).toString('base64url'),
      DOWNLOAD_URL_KEY: randomBytes(32).toString('base64url'),
      FILE_STORAGE_DIR: path.join(os.tmpdir(), 'commerce-graph-test-files'),
      BENCH_DATABASE: JSON.stringify(graph.database), BENCH_NOW: new Date(expiresAt.getTime() - DAY + 3_600_000).toISOString(), GATEWAY_SECRET: graph.secret, SMTP_URL: smtp.url };
    for (let i = 0; i < 2; i++) children.push(fork(WORKER, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    await Promise.all(children.map((child) => new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`a worker exited with ${code} before it was ready`)));
    })));
    const started = performance.now();
    for (const child of children) child.send('go');
    const renewed = () => count(graph, 'subscription', 'SELECT COUNT(*) AS n FROM licenses WHERE expiresAt > ?', [expiresAt]);
    const captured = () => count(graph, 'order', "SELECT COUNT(*) AS n FROM payments p JOIN renewal_charges rc ON rc.orderId = p.orderId WHERE p.kind = 'CAPTURE' AND p.state = 'SUCCEEDED'");
    const mailed = () => smtp.received.filter((m) => /Subject: Your .* was renewed/.test(m.text)).length;
    let halfAt = 0;
    for (;;) {
      const [r, c] = [await renewed(), await captured()];
      const m = mailed();
      if (!halfAt && r >= n / 2) halfAt = performance.now();
      if (r >= n && c >= n && m >= n) break;
      if (performance.now() - started > LIMIT_MS) throw new Error(`not done after ${LIMIT_MS / 60_000} minutes: ${r} extended, ${c} captured, ${m} mailed of ${n}`);
      await sleep(200);
    }
    const seconds = (performance.now() - started) / 1000;
    await sleep(1500); // anything done twice would show now
    const checks = {
      renewalOrders: await count(graph, 'order', "SELECT COUNT(*) AS n FROM orders o JOIN renewal_charges rc ON rc.orderId = o.id WHERE o.kind = 'RENEWAL'"),
      charges: await count(graph, 'order', 'SELECT COUNT(*) AS n FROM renewal_charges'),
      authorizations: await count(graph, 'order', "SELECT COUNT(*) AS n FROM sandbox_processor_calls WHERE idempotencyKey LIKE 'renewal:%' AND operation = 'AUTHORIZE'"),
      captures: await captured(),
      extensions: await count(graph, 'subscription', 'SELECT COUNT(*) AS n FROM license_terms WHERE startsAt = ?', [expiresAt]),
      licensesWithTwoRenewals: await count(graph, 'subscription', 'SELECT COUNT(*) AS n FROM (SELECT licenseId FROM license_terms GROUP BY licenseId HAVING COUNT(*) > 2) t'),
      confirmations: mailed(),
      jobsClaimedMoreThanOnce: await count(graph, 'order', "SELECT COUNT(*) AS n FROM jobs WHERE type LIKE 'renewals.%' AND attempts > 1"),
      deadJobs: (await count(graph, 'order', "SELECT COUNT(*) AS n FROM jobs WHERE status = 'DEAD'")) + (await count(graph, 'subscription', "SELECT COUNT(*) AS n FROM jobs WHERE status = 'DEAD'")),
    };
    const ok = checks.renewalOrders === n && checks.charges === n && checks.authorizations === n && checks.captures === n && checks.extensions === n && checks.licensesWithTwoRenewals === 0 && checks.confirmations === n && checks.deadJobs === 0;
    return { licenses: n, seconds: Number(seconds.toFixed(1)), renewalsPerSecond: Number((n / seconds).toFixed(1)), halfDoneSeconds: Number(((halfAt - started) / 1000).toFixed(1)), bulkInsertSeconds: Number((insertMs / 1000).toFixed(1)), checks, nothingTwice: ok };
  } finally {
    for (const child of children) {
      if (child.exitCode === null) {
        child.send('stop');
        await new Promise((r) => child.once('exit', r));
      }
    }
    await graph.close();
    await smtp.close();
  }
}

async function main(): Promise<void> {
  const results = [];
  for (const n of SIZES) {
    const result = await run(n);
    console.log(JSON.stringify(result));
    results.push(result);
  }
  writeResults('renewals', { at: new Date().toISOString(), results });
  if (results.some((r) => !r.nothingTwice)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
