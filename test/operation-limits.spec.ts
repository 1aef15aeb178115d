import { QueryPlanner } from '@apollo/query-planner';
import { getIntrospectionQuery } from 'graphql';
import { DEMO } from '../kernel/demo';
import { ATTACKS, aliasFlood } from './support/attacks';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

/**
 * The documents of the security review, sent through the gateway as an attacker would: each is
 * refused with its own code, before the gateway builds a query plan (the planner is watched),
 * whoever sends it.
 */
const EXPECTED: Record<string, string[]> = {
  'fragment DAG of 20 levels': ['QUERY_TOO_DEEP', 'TOO_MANY_ALIASES'],
  // Far over the token limit: the parse stops there, before the rest of the document is read.
  '2,000 aliases of me { licenses { id } }': ['TOO_MANY_TOKENS'],
  '2,000 aliases of me { licenses { order { account { licenses { id } } } } }': ['TOO_MANY_TOKENS'],
  'me { licenses { order { account { … } } } } nested ten times': ['QUERY_TOO_DEEP'],
  'flat fragment DAG of 30 levels': ['QUERY_TOO_COSTLY'],
};

describe('operation limits at the gateway (security review)', () => {
  let graph: TestGraph;
  let plans: jest.SpyInstance;

  beforeAll(async () => {
    graph = await startTestGraph();
    plans = jest.spyOn(QueryPlanner.prototype, 'buildQueryPlan');
  });
  afterAll(async () => {
    plans.mockRestore();
    await graph.close();
  });

  it('the watch on the planner sees a plan built for an ordinary query', async () => {
    const before = plans.mock.calls.length;
    const { body } = await graph.query(clientOperation('Dashboard'), {}, { as: DEMO.accounts.dana.id });
    expect(body.errors).toBeUndefined();
    expect(body.data.me.id).toBe(DEMO.accounts.dana.id);
    expect(plans.mock.calls.length).toBe(before + 1);
  });

  it('lists every attack it checks', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(ATTACKS).sort());
  });

  describe.each([
    ['anonymous', undefined],
    ['signed in', DEMO.accounts.dana.id],
  ])('%s', (_who, as) => {
    it.each(Object.keys(ATTACKS))('refuses the %s before any plan is built', async (name) => {
      const before = plans.mock.calls.length;
      const { status, body } = await graph.query(ATTACKS[name], {}, { as });
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors!.map((e) => e.extensions?.code)).toEqual(EXPECTED[name]);
      expect(plans.mock.calls.length).toBe(before);
    });
  });

  it('refuses too many aliases and too many directives with their own codes, and says the limit', async () => {
    const aliases = await graph.query(aliasFlood(16, 'id'), {}, { as: DEMO.accounts.dana.id });
    expect(aliases.body.errors).toEqual([{ message: 'Aliases limit of 15 exceeded, found 16.', extensions: { code: 'TOO_MANY_ALIASES' } }]);
    const skips = Array.from({ length: 21 }, () => '... @skip(if: false) { id }').join(' ');
    const directives = await graph.query(`{ me { ${skips} } }`, {}, { as: DEMO.accounts.dana.id });
    expect(directives.body.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_DIRECTIVES']);
  });

  it('prices a page by the first the request asks for (variables included)', async () => {
    // About 134 per order: its refunds, and its licenses (10 expected) with their installations (10 each).
    const query = `query($n: Int!) { me { orders(first: $n) { edges { node { id refunds { id } licenses { id installations { id } } } } } } }`;
    const before = plans.mock.calls.length;
    const big = await graph.query(query, { n: 100 }, { as: DEMO.accounts.dana.id });
    expect(big.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(big.status).toBe(400);
    expect(plans.mock.calls.length).toBe(before);
    const small = await graph.query(query, { n: 5 }, { as: DEMO.accounts.dana.id });
    expect(small.body.errors).toBeUndefined();
    // The estimate is remembered per document and page size: the same text with each size again
    // gets the same answer, the big page still refused and the planner still not reached.
    const bigAgain = await graph.query(query, { n: 100 }, { as: DEMO.accounts.dana.id });
    expect(bigAgain.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    const smallAgain = await graph.query(query, { n: 5 }, { as: DEMO.accounts.dana.id });
    expect(smallAgain.body.errors).toBeUndefined();
  });

  it('prices every page of a remembered document by this request\'s values, whichever request came first', async () => {
    // A refusal stops the walk at the first page that breaks the limit, before the second is read.
    const page = (n: string) => `orders(first: ${n}) { edges { node { id refunds { id } licenses { id installations { id } } } } }`;
    const query = `query($n: Int!, $m: Int!) { me { a: ${page('$n')} b: ${page('$m')} } }`;
    const costOf = async (variables: Record<string, number>) => (await graph.query(query, variables, { as: DEMO.accounts.dana.id })).body.errors?.[0]?.extensions?.code;
    expect(await costOf({ n: 100, m: 1 })).toBe('QUERY_TOO_COSTLY');
    expect(await costOf({ n: 5, m: 5 })).toBeUndefined();
    expect(await costOf({ n: 5, m: 100 })).toBe('QUERY_TOO_COSTLY');
  });

  it('logs refusals with their code for operators, none as an unexpected error, and keeps serving', async () => {
    expect(graph.logs.filter((l) => l.msg === 'unexpected error' || l.msg === 'request failed')).toEqual([]);
    const refused = new Set(graph.logs.filter((l) => l.msg === 'operation refused' && l.service === 'gateway').map((l) => l.code));
    expect([...refused].sort()).toEqual(['QUERY_TOO_COSTLY', 'QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'TOO_MANY_DIRECTIVES', 'TOO_MANY_TOKENS']);
    const { body } = await graph.query('{ me { id } }', {}, { as: DEMO.accounts.dana.id });
    expect(body.data.me.id).toBe(DEMO.accounts.dana.id);
  });

  it('development is open: anyone may introspect, and errors suggest field names', async () => {
    expect((await graph.query(getIntrospectionQuery())).body.data.__schema.queryType.name).toBe('Query');
    const { body } = await graph.query('{ me { emial } }');
    expect(body.errors?.[0]?.message).toMatch(/Did you mean "email"\?/);
  });
});
