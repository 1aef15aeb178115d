// Hive Gateway on the committed supergraph, as a peer in `npm run bench` (bench/x1.bench.ts).
// HIVE_PLANNER=rust plans with Hive's Rust query planner (@graphql-hive/router-runtime),
// anything else with its JavaScript planner. Identity reaches the subgraphs exactly as the
// project's gateway sends it: the bearer token verified once per request (with the same cache of
// verified tokens, dist/gateway/identity.js), then the gateway secret and the identity headers
// of kernel/identity.ts on every subgraph request.
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const project = createRequire(path.join(root, 'package.json'));
const { createLocalJWKSet } = project('jose');
const { ACCESS_TOKEN, publicKeySet } = project('./dist/kernel/access-token.js');
const { HEADERS, identityToHeaders } = project('./dist/kernel/identity.js');
const { VerifiedTokenCache, DEFAULT_VERIFIED_TOKEN_CACHE_SIZE, identityOf } = project('./dist/gateway/identity.js');

const env = process.env;
const port = Number(env.PEER_PORT);
const secret = env.GATEWAY_SECRET;
const urls = { account: env.ACCOUNT_URL, order: env.ORDER_URL, subscription: env.SUBSCRIPTION_URL };
let supergraph = fs.readFileSync(path.join(root, 'schema/supergraph.graphql'), 'utf8');
// The committed supergraph names the default ports; the bench's subgraphs listen elsewhere.
supergraph = supergraph.replace(/@join__graph\(name: "(\w+)", url: "[^"]*"\)/g, (all, name) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : all));

const issuers = { [ACCESS_TOKEN.issuer]: createLocalJWKSet(publicKeySet(JSON.parse(env.ACCESS_TOKEN_KEYS))) };
const cache = new VerifiedTokenCache(DEFAULT_VERIFIED_TOKEN_CACHE_SIZE);
/** One verification per client request, whatever the number of subgraph requests. */
const identities = new WeakMap();
function headersFor(request) {
  let headers = identities.get(request);
  if (!headers) {
    headers = identityOf({ headers: { authorization: request.headers.get('authorization') ?? undefined } }, { issuers, now: new Date(), cache }).then(
      (identity) => ({ [HEADERS.gatewaySecret]: secret, ...identityToHeaders(identity) }),
      () => ({ [HEADERS.gatewaySecret]: secret }),
    );
    identities.set(request, headers);
  }
  return headers;
}

const options = {
  supergraph,
  logging: false,
  // The bench reads errors in full (nothing here faces clients).
  maskedErrors: false,
  graphqlEndpoint: '/graphql',
  propagateHeaders: { fromClientToSubgraphs: ({ request }) => headersFor(request) },
};
if (env.HIVE_PLANNER === 'rust') options.unifiedGraphHandler = (await import('@graphql-hive/router-runtime')).unifiedGraphHandler;
const gateway = createGatewayRuntime(options);
const server = http.createServer(gateway);
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', port, planner: env.HIVE_PLANNER === 'rust' ? 'rust' : 'js' })));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
