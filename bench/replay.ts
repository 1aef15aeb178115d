import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlanSelectionNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { decodeJwt } from 'jose';
import { Pool } from 'undici';
import { HEADERS, identityToHeaders, type Role } from '../kernel/identity';
import { SUPERGRAPH_PATH } from '../kernel/paths';
import { clientOperation } from '../test/support/operations';

/**
 * The floor of the X1 benchmark: a process that answers the Dashboard by sending exactly the
 * subgraph requests the gateway's query plan sends (the same documents, the same identity
 * headers, over kept-alive undici pools) and merging their JSON, and nothing else: no token
 * verification (the subject is read from the token), no validation, no result shaping. What the
 * gateway spends beyond this process is the price of being a gateway.
 *
 *   PEER_PORT=… GATEWAY_SECRET=… ACCOUNT_URL=… ORDER_URL=… SUBSCRIPTION_URL=… node dist/bench/replay.js
 */
type Json = any;

const env = process.env;
const urls: Record<string, string> = { account: env.ACCOUNT_URL!, order: env.ORDER_URL!, subscription: env.SUBSCRIPTION_URL! };
const pools = Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, { pool: new Pool(new URL(url).origin, { connections: 64 }), path: new URL(url).pathname }]));

const supergraph = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'));
const plan = new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(supergraph.schema, parse(clientOperation('Dashboard')), { operationName: 'Dashboard' }));

/** The objects at `path` under `data` (lists flattened: "@"). */
function objectsAt(data: Json, path: (string | number)[]): Json[] {
  let current: Json[] = [data];
  for (const step of path) {
    const next: Json[] = [];
    for (const value of current) {
      if (value === null || value === undefined) continue;
      if (step === '@') next.push(...(value as Json[]));
      else next.push(value[step]);
    }
    current = next;
  }
  return current.filter((v) => v !== null && v !== undefined);
}

/** The representation of an entity: the fields its fetch requires (flat keys and __typename). */
function represent(object: Json, requires: QueryPlanSelectionNode[]): Json | null {
  for (const selection of requires) {
    if (selection.kind !== 'InlineFragment' || (selection.typeCondition && selection.typeCondition !== object.__typename)) continue;
    const out: Json = {};
    for (const field of selection.selections) if (field.kind === 'Field') out[field.name] = object[field.name];
    return out;
  }
  return null;
}

function merge(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && target[key] && typeof target[key] === 'object') merge(target[key], value);
    else target[key] = value;
  }
}

async function post(service: string, body: Json, headers: Record<string, string>): Promise<Json> {
  const { pool, path } = pools[service];
  const response = await pool.request({ method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return response.body.json();
}

async function run(node: PlanNode, data: Json, at: (string | number)[], headers: Record<string, string>, errors: Json[]): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await run(child, data, at, headers, errors);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => run(child, data, at, headers, errors)));
      return;
    case 'Flatten':
      return run(node.node, data, [...at, ...node.path], headers, errors);
    case 'Fetch': {
      const fetch = node as FetchNode;
      if (!fetch.requires) {
        const answer = await post(fetch.serviceName, { query: fetch.operation, operationName: fetch.operationName, variables: {} }, headers);
        if (answer.errors) errors.push(...answer.errors);
        merge(data, answer.data ?? {});
        return;
      }
      const targets = objectsAt(data, at);
      const representations = targets.map((t) => represent(t, fetch.requires!));
      const sent = representations.filter((r) => r !== null);
      if (!sent.length) return;
      const answer = await post(fetch.serviceName, { query: fetch.operation, operationName: fetch.operationName, variables: { representations: sent } }, headers);
      if (answer.errors) errors.push(...answer.errors);
      const entities: Json[] = answer.data?._entities ?? [];
      let i = 0;
      representations.forEach((r, t) => r !== null && entities[i] && merge(targets[t], entities[i++]));
      return;
    }
    default:
      throw new Error(`the replay does not run ${node.kind} nodes`);
  }
}

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', async () => {
    try {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const claims = token ? decodeJwt(token) : {};
      const identity = { accountId: typeof claims.sub === 'string' ? claims.sub : null, roles: (claims.roles as Role[] | undefined) ?? [] };
      const headers = { [HEADERS.gatewaySecret]: env.GATEWAY_SECRET!, ...identityToHeaders(identity) };
      const data: Json = {};
      const errors: Json[] = [];
      await run(plan.node as PlanNode, data, [], headers, errors);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(errors.length ? { data, errors } : { data }));
    } catch (error) {
      response.statusCode = 500;
      response.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(env.PEER_PORT), '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', port: Number(env.PEER_PORT) })));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
