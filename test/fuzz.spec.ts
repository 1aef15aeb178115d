import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema } from 'graphql';
import { intFromEnv } from '../kernel/config';
import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { SUPERGRAPH_PATH } from '../kernel/paths';
import { abbreviate, OperationFuzzer, Random, type FuzzOperation } from './support/fuzz';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

/**
 * Schema-driven fuzzing through the gateway: generated, valid operations over every query and
 * mutation field, filled with edge-case values, sent as a customer, support, an analyst and
 * anonymously. Whatever a client sends, the graph answers data or a typed error, never an
 * INTERNAL_SERVER_ERROR nor an HTTP 5xx.
 *
 *   FUZZ_RUNS=5000 npx jest test/fuzz.spec.ts     more operations (default 300)
 *   FUZZ_SEED=123456 npx jest test/fuzz.spec.ts   replay the run of a seed (printed in the test name)
 */
const RUNS = intFromEnv(process.env, 'FUZZ_RUNS', 300, 1, 1_000_000);
const SEED = intFromEnv(process.env, 'FUZZ_SEED', Math.floor(Math.random() * 2 ** 31), 0, 2 ** 32 - 1);

const api = () => Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();

// Codes a generated operation must never get: a server fault, or a document the graph finds invalid
// (the generator only writes valid ones, checked against the same schema before sending).
const FAULTS = new Set(['INTERNAL_SERVER_ERROR', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', undefined]);

type Caller = 'anonymous' | 'customer' | 'support' | 'analyst';

interface Failure {
  index: number;
  caller: Caller;
  op: FuzzOperation;
  status: number;
  problem: string;
  /** What the services logged of it at error level (the original error behind a masked one). */
  logged: string[];
}

describe('the generator of operations', () => {
  it('covers every query and mutation field of the supergraph, deterministically from its seed', () => {
    const schema = api();
    const fuzzer = new OperationFuzzer(schema, new Random(7));
    const all = [schema.getQueryType(), schema.getMutationType()].flatMap((t) => Object.keys(t?.getFields() ?? {}).map((f) => `${t!.name}.${f}`));
    expect(fuzzer.roots.map((r) => `${r.type.name}.${r.field.name}`).sort()).toEqual(all.sort());
    const ops = (seed: number) => {
      const f = new OperationFuzzer(schema, new Random(seed));
      return Array.from({ length: 2 * f.roots.length }, (_, i) => f.operation(i));
    };
    expect(ops(42)).toEqual(ops(42));
    expect(ops(42)).not.toEqual(ops(43));
  });

  it('writes valid operations for shapes the graph will grow into: recursive inputs, lists, unions, interfaces, custom scalars', () => {
    const schema = buildSchema(`
      scalar DateTimeISO
      enum Sort { NEWEST OLDEST }
      interface Node { id: ID! }
      type Product implements Node { id: ID! name: String! price(currency: Sort): Int }
      type Problem { code: String message: String! }
      union AddResult = Cart | Problem
      type Cart implements Node { id: ID! lines(first: Int = 10, "At most 200 characters." after: String): [Line!]! total: Float }
      type Line { product: Product! quantity: Int! }
      input Filter { "At most 3 items." and: [Filter!] "At most 40 characters." name: String since: DateTimeISO sort: Sort }
      input LineInput { "At most 64 characters." productId: ID! quantity: Int! }
      type Query { "At most 10 items of at most 64 characters each." nodes(ids: [ID!]!): [Node]! products(filter: Filter): [Product!]! }
      type Mutation { "At most 50 items." addLines(lines: [LineInput!]!): AddResult! }
    `);
    const fuzzer = new OperationFuzzer(schema, new Random(1));
    // operation() throws on any operation or variables the schema refuses.
    const ops = Array.from({ length: 300 }, (_, i) => fuzzer.operation(i));
    expect(new Set(ops.map((o) => o.coordinate))).toEqual(new Set(['Query.nodes', 'Query.products', 'Mutation.addLines']));
    expect(ops.some((o) => o.query.includes('... on Problem'))).toBe(true);
    expect(ops.some((o) => JSON.stringify(o.variables).includes('"and":[{'))).toBe(true);
  });
});

describe('schema-driven fuzzing through the gateway', () => {
  let graph: TestGraph;
  let dataDir: string;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    // Reset links and phone codes the fuzzer asks for land in files of a directory of its own.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-'));
    graph = await startTestGraph({ env: { DATA_DIR: dataDir } });
    const signIn = clientOperation('SignIn');
    for (const [caller, who] of [['customer', 'dana'], ['support', 'support'], ['analyst', 'analyst']] as const) {
      const { body } = await graph.query(signIn, { email: DEMO.accounts[who].email, password: DEMO_PASSWORD });
      tokens[caller] = body.data.signIn.accessToken;
    }
  });
  afterAll(async () => {
    await graph?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function send(op: FuzzOperation, caller: Caller, address: string, requestId: string): Promise<{ status: number; problem: string | null }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': address, 'x-request-id': requestId };
    if (tokens[caller]) headers.authorization = `Bearer ${tokens[caller]}`;
    let response: Response;
    try {
      response = await fetch(graph.gateway.url, { method: 'POST', headers, body: JSON.stringify({ query: op.query, variables: op.variables }) });
    } catch (error) {
      return { status: 0, problem: `no answer: ${(error as Error).message}` };
    }
    const text = await response.text();
    let body: { errors?: Array<{ message: string; extensions?: { code?: string } }> };
    try {
      body = JSON.parse(text);
    } catch {
      return { status: response.status, problem: `not JSON: ${text.slice(0, 200)}` };
    }
    const fault = (body.errors ?? []).find((e) => FAULTS.has(e.extensions?.code));
    if (fault) return { status: response.status, problem: `${fault.extensions?.code ?? 'no code'}: ${fault.message}` };
    if (response.status >= 500) return { status: response.status, problem: `HTTP ${response.status}` };
    return { status: response.status, problem: null };
  }

  const loggedErrors = (requestId: string): string[] =>
    graph.logs
      .filter((line) => line.reqId === requestId && Number(line.level) >= 50)
      .map((line) => `${line.service}: ${line.msg} ${JSON.stringify((line.err as { message?: string })?.message ?? '')}`);

  it(`${RUNS} generated operations never answer INTERNAL_SERVER_ERROR or HTTP 5xx (FUZZ_SEED=${SEED})`, async () => {
    const random = new Random(SEED);
    const fuzzer = new OperationFuzzer(api(), random);
    const failures: Failure[] = [];
    for (let index = 0; index < RUNS; index++) {
      const op = fuzzer.operation(index);
      const caller = random.pick(['anonymous', 'customer', 'support', 'analyst'] as const);
      // A few client addresses: the sign-in throttle (A3) answers TOO_MANY_ATTEMPTS soon, as it should.
      const requestId = `fuzz-${SEED}-${index}`;
      const { status, problem } = await send(op, caller, `198.51.100.${random.int(8)}`, requestId);
      if (problem) failures.push({ index, caller, op, status, problem, logged: loggedErrors(requestId) });
    }
    if (failures.length) {
      // One example of each distinct fault, with what replays it.
      const distinct = new Map<string, Failure>();
      for (const f of failures) {
        const key = `${f.op.coordinate} ${f.problem} ${f.logged.join()}`;
        if (!distinct.has(key)) distinct.set(key, f);
      }
      const report = [...distinct.values()].map(
        (f) =>
          `#${f.index} ${f.op.coordinate} as ${f.caller}: ${f.problem} (HTTP ${f.status})\n${f.logged.map((l) => `  logged by ${l}\n`).join('')}${f.op.query}\nvariables: ${JSON.stringify(abbreviate(f.op.variables))}`,
      );
      throw new Error(
        `${failures.length} of ${RUNS} operations failed (${distinct.size} distinct). Replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npx jest test/fuzz.spec.ts\n\n${report.join('\n\n')}`,
      );
    }
  }, Math.max(60_000, RUNS * 250));
});
