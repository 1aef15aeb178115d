import fs from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { SUPERGRAPH_PATH } from '../kernel/paths';

/**
 * The schema conventions of the design (after Shopify's and GitHub's public graphs), checked on
 * the API schema clients see, so a new field that breaks one fails here rather than in a
 * front-end team's code generator: error codes are enums, every amount is Money, and lists
 * that grow are connections with `edges`, `nodes` and a full PageInfo.
 */
function conventionBreaches(api: GraphQLSchema): string[] {
  const breaches: string[] = [];
  const types = Object.values(api.getTypeMap()).filter((t) => !t.name.startsWith('__'));
  const fieldsOf = (type: GraphQLNamedType): Array<GraphQLField<unknown, unknown>> =>
    isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : [];

  // An amount is money by its name: amount, total, subtotal, price, cost, fee, tax, balance,
  // refund… (alone or as a suffix: totalAmount, unitPrice, shippingCost). Counts and sizes
  // (quantity, devices, sizeBytes, retryAfterSeconds) are not.
  const MONEY_NAME = /^(amount|total|subtotal|price|cost|fee|tax|balance|refund|charge|discount)s?$|(Amount|Total|Price|Cost|Fee|Tax|Balance|Charge|Discount)s?$/;
  for (const type of types) {
    for (const field of fieldsOf(type)) {
      const named = getNamedType(field.type);
      const where = `${type.name}.${field.name}: ${String(field.type)}`;
      if (type.name !== 'Money' && MONEY_NAME.test(field.name) && ['Int', 'Float', 'String'].includes(named.name)) {
        breaches.push(`${where} is a bare amount: use Money { amount, currencyCode }`);
      }
      if ((field.name === 'code' || /ErrorCode$|^errorCode$/.test(field.name)) && !isEnumType(named)) {
        breaches.push(`${where} is an error code outside an enum: use ErrorCode`);
      }
      if ((field.name === 'currency' || field.name === 'currencyCode') && named.name !== 'CurrencyCode') {
        breaches.push(`${where} is a currency outside the CurrencyCode enum`);
      }
    }
  }

  const errorResult = api.getType('ErrorResult');
  if (!isInterfaceType(errorResult)) breaches.push('ErrorResult: the interface of typed errors is missing');
  else {
    const code = errorResult.getFields().code;
    if (!code || !isNonNullType(code.type) || getNamedType(code.type).name !== 'ErrorCode') breaches.push('ErrorResult.code must be ErrorCode!');
    for (const type of api.getPossibleTypes(errorResult)) {
      if (!/Error$|Declined$/.test(type.name)) breaches.push(`${type.name} implements ErrorResult: name it …Error so clients read it as one`);
    }
  }

  const pageInfo = api.getType('PageInfo');
  const PAGE_INFO: Record<string, string> = { hasNextPage: 'Boolean!', hasPreviousPage: 'Boolean!', startCursor: 'String', endCursor: 'String' };
  if (!isObjectType(pageInfo)) breaches.push('PageInfo is missing');
  else {
    for (const [name, typeName] of Object.entries(PAGE_INFO)) {
      if (String(pageInfo.getFields()[name]?.type) !== typeName) breaches.push(`PageInfo.${name} must be ${typeName}`);
    }
  }

  for (const type of types) {
    if (!isObjectType(type) || !type.name.endsWith('Connection')) continue;
    const fields = type.getFields();
    const edge = fields.edges && getNamedType(fields.edges.type);
    const node = isObjectType(edge) ? edge.getFields().node : undefined;
    if (!fields.edges || !isListType(getNullableType(fields.edges.type)) || !isObjectType(edge)) {
      breaches.push(`${type.name}.edges must be a list of edges`);
      continue;
    }
    if (String(edge.getFields().cursor?.type) !== 'String!') breaches.push(`${edge.name}.cursor must be String!`);
    if (!node) breaches.push(`${edge.name}.node is missing`);
    if (String(fields.pageInfo?.type) !== 'PageInfo!') breaches.push(`${type.name}.pageInfo must be PageInfo!`);
    const nodes = fields.nodes;
    if (!nodes || !isListType(getNullableType(nodes.type)) || (node && getNamedType(nodes.type) !== getNamedType(node.type))) {
      breaches.push(`${type.name}.nodes must list what ${edge.name}.node is`);
    }
  }
  // A field that pages (`first`/`after`) must answer a connection.
  for (const type of types) {
    for (const field of fieldsOf(type)) {
      const pages = field.args.some((a) => a.name === 'after' || a.name === 'first');
      if (pages && !getNamedType(field.type).name.endsWith('Connection')) breaches.push(`${type.name}.${field.name} pages with first/after: answer a …Connection`);
    }
  }
  return breaches;
}

describe('the schema conventions of the design, on the composed supergraph', () => {
  const api: GraphQLSchema = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();

  it('no bare money integer, no String-typed error code or currency, every connection with edges, nodes and a full PageInfo', () => {
    expect(conventionBreaches(api)).toEqual([]);
  });

  it('the walk finds each kind of breach (it would fail on the schema before the conventions were applied)', () => {
    const before = buildSchema(`
      enum ErrorCode { INVALID }
      enum CurrencyCode { USD }
      interface ErrorResult { code: ErrorCode! message: String! }
      type Money { amount: Int! currencyCode: CurrencyCode! }
      type LegacyError implements ErrorResult { code: ErrorCode! message: String! }
      type StringCodeError { code: String! message: String! }
      type MergeOrder { number: String! totalAmount: Int! currencyCode: String! }
      type Line { unitPrice: Int quantity: Int! sizeBytes: Int! price: Money! }
      type PageInfo { hasNextPage: Boolean! endCursor: String }
      type Order { id: ID! }
      type OrderEdge { cursor: String! node: Order! }
      type OrderConnection { edges: [OrderEdge!]! pageInfo: PageInfo! }
      type Query { merge: [MergeOrder!]! line: Line e: StringCodeError l: LegacyError orders(first: Int, after: String): OrderConnection licenses(first: Int): [Order!]! }
    `);
    expect(conventionBreaches(before)).toEqual([
      'StringCodeError.code: String! is an error code outside an enum: use ErrorCode',
      'MergeOrder.totalAmount: Int! is a bare amount: use Money { amount, currencyCode }',
      'MergeOrder.currencyCode: String! is a currency outside the CurrencyCode enum',
      'Line.unitPrice: Int is a bare amount: use Money { amount, currencyCode }',
      'PageInfo.hasPreviousPage must be Boolean!',
      'PageInfo.startCursor must be String',
      'OrderConnection.nodes must list what OrderEdge.node is',
      'Query.licenses pages with first/after: answer a …Connection',
    ]);
    // Only what breaks a rule: Money itself, counts, sizes and enum codes pass.
    expect(conventionBreaches(before).join('\n')).not.toMatch(/quantity|sizeBytes|Money\.amount|LegacyError/);
  });
});
