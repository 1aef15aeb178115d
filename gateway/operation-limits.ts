import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { intFromEnv, type Env } from '../kernel/config';
import { refusal, type RefusalCode } from '../kernel/errors';

/**
 * Limits every operation must keep before the gateway plans it (DESIGN "Operation limits").
 * A query plan, and the subgraph requests it makes, grow with the expanded operation, which a
 * small document can make enormous (fragments that spread the next one twice, thousands of
 * aliases, deep cycles through the graph such as License.order.account.licenses…). These
 * checks see only the document and the request's variables, and each is linear in the
 * document's size: a named fragment is walked once, however often it is spread.
 */
export interface OperationLimits {
  /** Deepest field nesting, fragments expanded (introspection's own nesting not counted). */
  maxDepth: number;
  /** Aliased fields in one operation, fragments expanded. */
  maxAliases: number;
  /** Directives in one operation, fragments expanded. */
  maxDirectives: number;
  /** Lexical tokens of the whole document, counted while parsing (the parse stops past it). */
  maxTokens: number;
  /** Estimated cost: fields that may be resolved, lists multiplied by their expected size. */
  maxCost: number;
  /** Expected length of a list field that has no `first`/`last` argument. */
  listSize: number;
}

/**
 * Defaults: roomy for every operation of schema/clients/*.graphql and for an analyst's query in
 * Sandbox (a test checks both), far below what the attacks of the security review need.
 * The Dashboard, for comparison, is 7 deep, has no alias, under 100 tokens and costs about 840
 * with its default page of 10 orders (about 7,300 with the largest page, 100).
 */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = Object.freeze({
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
  maxCost: 10_000,
  listSize: 10,
});

/** OPERATION_MAX_DEPTH, OPERATION_MAX_ALIASES, …; a wrong value stops the gateway with one line. */
export function operationLimitsFromEnv(env: Env): OperationLimits {
  const d = DEFAULT_OPERATION_LIMITS;
  return {
    maxDepth: intFromEnv(env, 'OPERATION_MAX_DEPTH', d.maxDepth, 1, 1000),
    maxAliases: intFromEnv(env, 'OPERATION_MAX_ALIASES', d.maxAliases, 0, 100_000),
    maxDirectives: intFromEnv(env, 'OPERATION_MAX_DIRECTIVES', d.maxDirectives, 0, 100_000),
    maxTokens: intFromEnv(env, 'OPERATION_MAX_TOKENS', d.maxTokens, 100, 1_000_000),
    maxCost: intFromEnv(env, 'OPERATION_MAX_COST', d.maxCost, 1, 1_000_000_000),
    listSize: intFromEnv(env, 'OPERATION_LIST_SIZE', d.listSize, 1, 10_000),
  };
}

// ---------------------------------------------------------------------------------------------
// Depth, aliases, directives: graphql-armor's validation rules.
//
// Read in node_modules (@escape.tech/graphql-armor-max-depth 2.4, -max-aliases 2.6,
// -max-directives 2.3): each keeps a per-validation map of the fragments it has walked and
// answers a second spread of the same fragment from it, so a fragment DAG costs one walk per
// fragment (operation-limits.spec.ts counts the walks on a 30-level DAG). Their own rejection
// throws, which Apollo Server 5 would answer as an internal error; each rule here reports a
// refusal with its own code to the validation context instead.

function reportAs(code: RefusalCode) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    // graphql-armor words its messages as syntax errors ("Syntax Error: Query depth limit of 10
    // exceeded, found 41."); they are not, so the prefix goes.
    context?.reportError(refusal(code, error.message.replace(/^Syntax Error: /, '')));
  };
}

export function limitValidationRules(limits: OperationLimits): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, onReject: [reportAs('QUERY_TOO_DEEP')] }),
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: [reportAs('TOO_MANY_ALIASES')] }),
    maxDirectivesRule({ ...common, n: limits.maxDirectives, onReject: [reportAs('TOO_MANY_DIRECTIVES')] }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Tokens: graphql-js's own limit, inside Apollo Server's one parse.
//
// graphql-armor's max-tokens counts tokens in a Parser subclass; in Apollo Server its plugin
// parses every document a second time in parsingDidStart and throws, which Apollo Server 5
// answers as an internal error. graphql-js 16 has the same count built into its parser
// (`maxTokens`, checked as each token is read), which Apollo Server passes through its
// `parseOptions`: the parse stops at the first token over the limit, before any AST of the rest.

// graphql-js 16 words it "Document contains more that N tokens" (sic); "than" is accepted for a fixed release.
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

export function limitParseOptions(limits: OperationLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/**
 * Gives graphql-js's token-limit syntax error the refusal's code and a plain message. Apollo
 * Server wraps the parser's error (keeping it as `originalError`) after `parsingDidEnd`, so it
 * is marked there, in place.
 */
function markTokenRefusal(error: Error | undefined): void {
  const match = error instanceof GraphQLError ? TOKEN_LIMIT_MESSAGE.exec(error.message) : null;
  if (!match) return;
  (error as GraphQLError).extensions.code = 'TOO_MANY_TOKENS' satisfies RefusalCode;
  (error as GraphQLError).extensions.http = { status: 400 };
  error!.message = `Token limit of ${match[1]} exceeded: the document is too long.`;
}

// ---------------------------------------------------------------------------------------------
// Estimated cost: written here rather than taken from graphql-armor.
//
// @escape.tech/graphql-armor-cost-limit 2.4 memoizes fragments too, but it does not know the
// schema: it multiplies by `first`/`last` only when written as a literal (not `first: $n`, not
// an argument's default such as Account.orders' 10), never estimates a plain list (`licenses`,
// `refunds`) as more than one item, and weighs nesting by a factor per level instead. The
// estimate below reads list sizes from `first`/`last` as the request gives them (literal,
// variable, the variable's or the argument's default), assumes `listSize` items for other
// lists, and walks each named fragment once per request (memoized by fragment and by the page
// size it inherits), so a fragment DAG costs one walk per fragment.

const SLICING_ARGUMENTS = ['first', 'last'];

export interface CostEstimate {
  cost: number;
  /** Selections walked: linear in the document's size whatever the fragments (tests check). */
  walked: number;
  /** The variables whose values the estimate depends on (page sizes given as variables). */
  variablesRead: string[];
}

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  listSize: number,
  /** Stops walking once the estimate is above this: the answer is a refusal either way. */
  stopAbove = Infinity,
): CostEstimate {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variableDefaults = new Map(operation.variableDefinitions?.map((v) => [v.variable.name.value, v.defaultValue]) ?? []);
  const memo = new Map<string, number>();
  const variablesRead = new Set<string>();
  let walked = 0;

  /** The page a `first`/`last` argument asks for, as this request gives it; undefined without one. */
  function sliceSize(node: FieldNode, field: GraphQLField<unknown, unknown>): number | undefined {
    let size: number | undefined;
    for (const name of SLICING_ARGUMENTS) {
      const definition = field.args.find((a) => a.name === name);
      if (!definition) continue;
      const argument = node.arguments?.find((a) => a.name.value === name);
      let value: unknown = definition.defaultValue;
      if (argument?.value.kind === Kind.VARIABLE) {
        const variable = argument.value.name.value;
        variablesRead.add(variable);
        const given = variables?.[variable];
        const declared = variableDefaults.get(variable);
        value = given ?? (declared ? valueFromAST(declared, definition.type) : definition.defaultValue);
      } else if (argument) {
        value = valueFromAST(argument.value, definition.type, variables as Record<string, unknown>);
      }
      if (typeof value === 'number' && Number.isFinite(value)) size = Math.max(size ?? 0, value, 0);
    }
    return size;
  }

  function selectionSetCost(set: SelectionSetNode, parent: GraphQLCompositeType, inheritedSize: number | undefined): number {
    let total = 0;
    for (const selection of set.selections) {
      walked++;
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent, inheritedSize);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += selectionSetCost(selection.selectionSet, type, inheritedSize);
      } else {
        total += fragmentCost(selection.name.value, inheritedSize);
      }
      if (total > stopAbove) break;
    }
    return total;
  }

  function fragmentCost(name: string, inheritedSize: number | undefined): number {
    const key = `${name}\u0000${inheritedSize ?? ''}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    // A spread inside its own fragment (invalid, refused by validation) counts nothing.
    memo.set(key, 0);
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    const cost = fragment && type && isCompositeType(type) ? selectionSetCost(fragment.selectionSet, type, inheritedSize) : 0;
    memo.set(key, cost);
    return cost;
  }

  function fieldCost(node: FieldNode, parent: GraphQLCompositeType, inheritedSize: number | undefined): number {
    // __typename is answered by the gateway; introspection (__schema, __type) reads the
    // gateway's own schema and is governed by its own policy (introspection.ts).
    if (node.name.value.startsWith('__')) return 0;
    const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    if (!field) return 0;
    if (!node.selectionSet) return 1;
    const slice = sliceSize(node, field);
    let size = 1;
    let type = getNullableType(field.type);
    // Each list level multiplies: by the page asked for, else the one a connection passed down
    // to its edges and nodes, else the expected size of a list.
    while (isListType(type)) {
      size *= slice ?? inheritedSize ?? listSize;
      type = getNullableType(type.ofType);
    }
    const named = getNamedType(field.type) as GraphQLCompositeType;
    // A connection (an object with `first`) passes its page size to the lists directly in it.
    const passDown = isListType(getNullableType(field.type)) ? undefined : slice;
    return 1 + size * selectionSetCost(node.selectionSet, named, passDown);
  }

  const root = schema.getRootType(operation.operation);
  const cost = root ? selectionSetCost(operation.selectionSet, root, undefined) : 0;
  return { cost, walked, variablesRead: [...variablesRead] };
}

/** Estimates kept per document and operation: a few page sizes each, then started over. */
const ESTIMATES_PER_OPERATION = 32;

/**
 * The cost of an operation, remembered per parsed document (Apollo Server hands every request of
 * the same text the same cached DocumentNode, and starts a new cache with a new schema) and per
 * value of the variables the estimate read, so a client's repeated query is walked once.
 *
 * Only costs within the limit are kept: a refusal stops the walk early (`stopAbove`), so the
 * variables it read may be only some of the page sizes, and a later request could differ in one
 * it never read. A walk that stayed within the limit read them all.
 */
function costCache(listSize: number, maxCost: number) {
  const byDocument = new WeakMap<DocumentNode, Map<string, { variablesRead: string[]; costs: Map<string, number> }>>();
  const keyOf = (variablesRead: string[], variables: Record<string, unknown> | undefined) => JSON.stringify(variablesRead.map((v) => variables?.[v] ?? null));
  return (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): number => {
    let operations = byDocument.get(document);
    if (!operations) byDocument.set(document, (operations = new Map()));
    const name = operation.name?.value ?? '';
    const known = operations.get(name);
    const cached = known?.costs.get(keyOf(known.variablesRead, variables));
    if (cached !== undefined) return cached;
    const { cost, variablesRead } = estimateCost(schema, document, operation, variables, listSize, maxCost);
    if (cost > maxCost) return cost;
    const entry = known ?? { variablesRead, costs: new Map<string, number>() };
    operations.set(name, entry);
    if (entry.costs.size >= ESTIMATES_PER_OPERATION) entry.costs.clear();
    entry.costs.set(keyOf(entry.variablesRead, variables), cost);
    return cost;
  };
}

// ---------------------------------------------------------------------------------------------
// The plugin: token refusals marked at parse, the cost checked once the operation is known
// (its variables are this request's), both before execution, where the gateway plans.

export function operationLimitsPlugin<T extends BaseContext>(limits: OperationLimits): ApolloServerPlugin<T> {
  const costOf = costCache(limits.listSize, limits.maxCost);
  return {
    async requestDidStart() {
      return {
        async parsingDidStart() {
          return async (error?: Error) => markTokenRefusal(error);
        },
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = costOf(schema, document, operation, request.variables);
          if (cost > limits.maxCost) {
            throw refusal('QUERY_TOO_COSTLY', `Query cost limit of ${limits.maxCost} exceeded, estimated ${cost > 1e12 ? 'above 10^12' : Math.ceil(cost)}.`);
          }
        },
      };
    },
  };
}

/** Everything the gateway's ApolloServer needs for the limits: spread into its options. */
export function operationLimitOptions<T extends BaseContext>(limits: OperationLimits) {
  return {
    parseOptions: limitParseOptions(limits),
    validationRules: limitValidationRules(limits),
    plugin: operationLimitsPlugin<T>(limits),
  };
}
