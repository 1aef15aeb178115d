import fs from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { GraphQLError, ValidationContext, getIntrospectionQuery, getOperationAST, parse, validate, type DocumentNode } from 'graphql';
import { SUPERGRAPH_PATH } from '../kernel/paths';
import { aliasFlood, flatFragmentDag, fragmentDag, nestedCycle } from '../test/support/attacks';
import { DEFAULT_OPERATION_LIMITS, estimateCost, limitParseOptions, limitValidationRules, operationLimitsFromEnv, type OperationLimits } from './operation-limits';
import { buildManifest } from './trusted-documents';

const api = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();
const limits = DEFAULT_OPERATION_LIMITS;

/** The codes the limits report for a document (tokens at parse, the rest at validation, then cost). */
function refusals(source: string, variables: Record<string, unknown> = {}, l: OperationLimits = limits): string[] {
  let document: DocumentNode;
  try {
    document = parse(source, limitParseOptions(l));
  } catch (error) {
    return [/more tha[nt] \d+ tokens/.test((error as Error).message) ? 'TOO_MANY_TOKENS' : 'GRAPHQL_PARSE_FAILED'];
  }
  const codes = validate(api, document, limitValidationRules(l)).map((e) => String(e.extensions.code));
  if (codes.length) return codes;
  const { cost } = estimateCost(api, document, getOperationAST(document)!, variables, l.listSize);
  return cost > l.maxCost ? ['QUERY_TOO_COSTLY'] : [];
}

const costOf = (source: string, variables: Record<string, unknown> = {}) => {
  const document = parse(source);
  return estimateCost(api, document, getOperationAST(document)!, variables, limits.listSize).cost;
};

describe('the default operation limits let every client operation through', () => {
  const manifest = buildManifest();

  it.each(manifest.operations.map((o) => [o.name, o.body]))('%s (schema/clients/*.graphql) keeps every limit', (_name, body) => {
    expect(refusals(body)).toEqual([]);
  });

  it('the Dashboard keeps them with the largest page of orders (100)', () => {
    expect(refusals(manifest.operations.find((o) => o.name === 'Dashboard')!.body, { ordersFirst: 100 })).toEqual([]);
  });

  it("Apollo Sandbox's introspection query keeps them", () => {
    const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
    expect(refusals(query)).toEqual([]);
  });
});

describe('each limit refuses with its own code', () => {
  const small: OperationLimits = { maxDepth: 4, maxAliases: 2, maxDirectives: 2, maxTokens: 100, maxCost: 50, listSize: 10 };

  it('depth, fragments expanded (inline fragments and spreads add no level)', () => {
    expect(refusals('{ me { licenses { order { account { id } } } } }', {}, small)).toEqual(['QUERY_TOO_DEEP']);
    expect(refusals('{ me { ...A } } fragment A on Account { licenses { ... on License { order { id } } } }', {}, small)).toEqual([]);
    expect(refusals('{ me { ...A } } fragment A on Account { licenses { order { account { id } } } }', {}, small)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('aliases, fragments expanded', () => {
    expect(refusals('{ a: me { id } b: me { id } }', {}, small)).toEqual([]);
    expect(refusals('{ a: me { ...A } b: me { ...A } } fragment A on Account { x: id }', {}, small)).toEqual(['TOO_MANY_ALIASES']);
  });

  it('directives', () => {
    expect(refusals('{ me { id @skip(if: false) email @include(if: true) email2: email @skip(if: false) } }', {}, small)).toEqual(['TOO_MANY_DIRECTIVES']);
  });

  it('tokens, while parsing', () => {
    expect(refusals(aliasFlood(20, 'id'), {}, small)).toEqual(['TOO_MANY_TOKENS']);
  });

  it('estimated cost', () => {
    expect(refusals('{ me { licenses { id installations { id } } } }', {}, small)).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('each attack meets more than one limit: with the token limit raised, the alias floods meet the alias and cost limits', () => {
    const flood = aliasFlood(2000, 'licenses { order { account { licenses { id } } } }');
    expect(refusals(flood, {}, { ...limits, maxTokens: 1_000_000 })).toEqual(['TOO_MANY_ALIASES']);
    expect(refusals(flood, {}, { ...limits, maxTokens: 1_000_000, maxAliases: 100_000 })).toEqual(['QUERY_TOO_COSTLY']);
    expect(refusals(nestedCycle(10), {}, { ...limits, maxDepth: 1000 })).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('reads every limit from the environment, and stops the gateway on a wrong value', () => {
    expect(operationLimitsFromEnv({})).toEqual(DEFAULT_OPERATION_LIMITS);
    expect(operationLimitsFromEnv({ OPERATION_MAX_DEPTH: '12', OPERATION_MAX_COST: '500', OPERATION_LIST_SIZE: '5' })).toMatchObject({ maxDepth: 12, maxCost: 500, listSize: 5 });
    expect(() => operationLimitsFromEnv({ OPERATION_MAX_TOKENS: 'lots' })).toThrow(/OPERATION_MAX_TOKENS=lots/);
  });
});

describe('the estimated cost', () => {
  it('counts a field as 1 and a plain list as listSize items', () => {
    expect(costOf('{ me { id email } }')).toBe(3);
    // me + licenses + 10 × (id + product + product.name)
    expect(costOf('{ me { licenses { id product { name } } } }')).toBe(1 + 1 + 10 * 3);
  });

  it('takes the page size of a connection from first: literal, variable, variable default, argument default', () => {
    // me + orders + edges(1 + n × node(1 + id)) + pageInfo(1 + hasNextPage)
    const orders = (n: number) => 1 + 1 + (1 + n * 2) + 2;
    expect(costOf('{ me { orders(first: 3) { edges { node { id } } pageInfo { hasNextPage } } } }')).toBe(orders(3));
    expect(costOf('query($n: Int!) { me { orders(first: $n) { edges { node { id } } pageInfo { hasNextPage } } } }', { n: 50 })).toBe(orders(50));
    expect(costOf('query($n: Int = 7) { me { orders(first: $n) { edges { node { id } } pageInfo { hasNextPage } } } }')).toBe(orders(7));
    // Account.orders(first: Int! = 10)
    expect(costOf('{ me { orders { edges { node { id } } pageInfo { hasNextPage } } } }')).toBe(orders(10));
  });

  it('multiplies through nesting: each turn of a cycle through the graph multiplies by listSize', () => {
    expect(costOf(nestedCycle(4))).toBeGreaterThan(10 ** 4);
    expect(costOf(nestedCycle(10))).toBeGreaterThan(10 ** 10);
  });
});

describe('the limits are linear in the size of the document (fragment DAGs)', () => {
  const LEVELS = 30;
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['nested', fragmentDag(LEVELS)],
    ['flat', flatFragmentDag(LEVELS)],
  ])('graphql-armor walks each fragment of a %s DAG of 30 levels once per rule', (_kind, source) => {
    const getFragment = jest.spyOn(ValidationContext.prototype, 'getFragment');
    validate(api, parse(source), limitValidationRules(limits));
    // Three rules, 31 fragments: a walk that re-walked a fragment at every spread would ask 2^30 times.
    expect(getFragment.mock.calls.length).toBeLessThanOrEqual(3 * (LEVELS + 1));
  });

  it('the nested DAG is refused as too deep and as holding too many aliases', () => {
    expect(refusals(fragmentDag(LEVELS))).toEqual(['QUERY_TOO_DEEP', 'TOO_MANY_ALIASES']);
  });

  it('the cost estimate walks each fragment once and refuses the flat DAG (2^30 lists expanded)', () => {
    const source = flatFragmentDag(LEVELS);
    const document = parse(source);
    const { cost, walked } = estimateCost(api, document, getOperationAST(document)!, {}, limits.listSize);
    // me, then 2^30 lists of licenses, each 1 + 10 × id
    expect(cost).toBe(1 + 2 ** LEVELS * (1 + 10 * 1));
    // About three selections per level: the document's size, not the expansion's.
    expect(walked).toBeLessThanOrEqual(4 * (LEVELS + 1));
    expect(refusals(source)).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('the limit rules report refusals as GraphQL errors, never throw (Apollo Server would answer 500)', () => {
    expect(() => validate(api, parse(nestedCycle(10)), limitValidationRules(limits))).not.toThrow();
    const [error] = validate(api, parse(nestedCycle(10)), limitValidationRules(limits));
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe('Query depth limit of 10 exceeded, found 32.');
  });
});
