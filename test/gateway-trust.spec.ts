import { DEMO } from '../kernel/demo';
import { generateSigningKey } from '../kernel/access-token';
import { HEADERS } from '../kernel/identity';
import { SigningKeys } from '../subgraphs/account/sign-in/signing-keys';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

const ME = '{ me { id email } }';
const ENTITIES = `query { _entities(representations: [{ __typename: "Account", id: "${DEMO.accounts.dana.id}" }]) { ... on Account { licenses { serialNumber } } } }`;

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as any };
}

/** Subgraphs answer only the gateway; the gateway alone decides who the caller is. */
describe('trust between the gateway and the subgraphs', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph.close());

  it('refuses a direct request to a subgraph without the gateway secret, so _entities is not open', async () => {
    for (const name of ['account', 'order', 'subscription'] as const) {
      const bare = await post(graph.subgraphs[name].url, ENTITIES, { [HEADERS.accountId]: DEMO.accounts.dana.id });
      expect(bare.status).toBe(401);
      expect(bare.body.data).toBeUndefined();
      const wrong = await post(graph.subgraphs[name].url, ENTITIES, { [HEADERS.gatewaySecret]: 'guess', [HEADERS.accountId]: DEMO.accounts.dana.id });
      expect(wrong.status).toBe(401);
    }
  });

  it('answers a request that carries the secret (what the gateway sends)', async () => {
    const { status, body } = await post(graph.subgraphs.subscription.url, ENTITIES, {
      [HEADERS.gatewaySecret]: graph.secret,
      [HEADERS.accountId]: DEMO.accounts.dana.id,
    });
    expect(status).toBe(200);
    expect(body.data._entities[0].licenses.length).toBe(4);
  });

  it('ignores identity headers a client sends to the gateway', async () => {
    const { body } = await graph.query(ME, {}, {
      headers: { [HEADERS.accountId]: DEMO.accounts.dana.id, [HEADERS.roles]: 'support', [HEADERS.gatewaySecret]: graph.secret },
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps one account out of another: _entities with someone else\'s id is FORBIDDEN', async () => {
    const { body } = await post(graph.subgraphs.subscription.url, ENTITIES, {
      [HEADERS.gatewaySecret]: graph.secret,
      [HEADERS.accountId]: DEMO.accounts.sam.id,
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('passes the request id to the subgraphs and returns it; a caller may set its own', async () => {
    const { headers } = await graph.query(ME, {}, { as: DEMO.accounts.dana.id, headers: { [HEADERS.requestId]: 'portal-1234' } });
    expect(headers.get(HEADERS.requestId)).toBe('portal-1234');
    const services = new Set(graph.logs.filter((l) => l.reqId === 'portal-1234' && l.msg === 'request').map((l) => l.service));
    expect(services).toEqual(new Set(['gateway', 'account-subgraph']));

    const generated = await graph.query(ME, {}, { as: DEMO.accounts.dana.id, headers: { [HEADERS.requestId]: 'bad id with spaces' } });
    expect(generated.headers.get(HEADERS.requestId)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('masks unexpected errors: no SQL or stack leaves the server', async () => {
    await graph.subgraphs.order.dataSource.query('ALTER TABLE refunds RENAME TO refunds_gone');
    try {
      const { body } = await graph.query('{ me { orders { edges { node { refunds { id } } } } } }', {}, { as: DEMO.accounts.dana.id });
      const text = JSON.stringify(body.errors);
      expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(text).not.toMatch(/refunds_gone|SELECT|stack|at /i);
      expect(graph.logs.some((l) => l.msg === 'unexpected error' && l.service === 'order-subgraph')).toBe(true);
    } finally {
      await graph.subgraphs.order.dataSource.query('ALTER TABLE refunds_gone RENAME TO refunds');
    }
  });
});

describe('no way in but a signed access token', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph({ production: true });
  });
  afterAll(() => graph.close());

  it('the old development header signs nobody in', async () => {
    // A trusted document: production refuses other documents from anyone but staff.
    const { body } = await graph.query(clientOperation('Dashboard'), {}, { headers: { 'x-dev-account-id': DEMO.accounts.dana.id } });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data?.me ?? null).toBeNull();
  });

  it('a token signed by another key is refused', async () => {
    const other = await SigningKeys.fromEnv({ ACCESS_TOKEN_KEYS: JSON.stringify({ keys: [await generateSigningKey()] }) });
    const { token } = await other.sign({ accountId: DEMO.accounts.dana.id, roles: ['support'] }, graph.clock.now());
    const { status, body } = await graph.query(ME, {}, { token });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
