import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import { enforceInputBounds } from './input-validation';

/** A schema as a subgraph's would be after buildSubgraphSchema: descriptions state the bounds. */
function schemaOf(sdl: string, writes: string[]): GraphQLSchema {
  const schema = buildSchema(sdl);
  const mutation = schema.getMutationType()!.getFields();
  for (const field of Object.values(mutation)) {
    field.resolve = (_source, args) => {
      writes.push(field.name);
      return JSON.stringify(args);
    };
  }
  return schema;
}

const SDL = `
  type Query { ping: String }
  type Mutation {
    register(
      "The code. At most 40 characters."
      code: String!
      "The lines. At most 3 items."
      lines: [Line!]
    ): String
    note(
      "Why. At most 20 characters; line breaks allowed."
      reason: String
      "Tags. At most 2 items of at most 5 characters each."
      tags: [String!]
    ): String
  }
  input Line {
    "Stock-keeping unit. At most 8 characters."
    sku: String!
    quantity: Int!
    "A line of the line. At most 2 items."
    children: [Line!]
  }
`;

describe('enforcing input bounds on every argument of a subgraph schema', () => {
  const run = async (schema: GraphQLSchema, source: string, variableValues?: Record<string, unknown>) => {
    const result = await graphql({ schema, source, variableValues });
    return { data: result.data, errors: result.errors?.map((e) => ({ message: e.message, code: e.extensions.code, field: e.extensions.field })) };
  };

  it('refuses a value out of its bound with BAD_USER_INPUT naming the argument and the bound, before the resolver runs', async () => {
    const writes: string[] = [];
    const schema = enforceInputBounds(schemaOf(SDL, writes));
    expect(await run(schema, 'mutation($c: String!) { register(code: $c) }', { c: 'x'.repeat(10_000) })).toEqual({
      data: { register: null },
      errors: [{ message: 'code is too long: at most 40 characters.', code: 'BAD_USER_INPUT', field: 'code' }],
    });
    expect(writes).toEqual([]);
    expect((await run(schema, 'mutation { register(code: "AC-1") }')).errors).toBeUndefined();
    expect(writes).toEqual(['register']);
  });

  it('walks input objects and lists, recursive ones included', async () => {
    const schema = enforceInputBounds(schemaOf(SDL, []));
    const refused = async (variables: Record<string, unknown>) =>
      (await run(schema, 'mutation($l: [Line!]) { register(code: "A", lines: $l) }', variables)).errors?.[0];
    expect(await refused({ l: [{ sku: 'x'.repeat(9), quantity: 1 }] })).toMatchObject({ field: 'lines[0].sku', message: 'lines[0].sku is too long: at most 8 characters.' });
    expect(await refused({ l: Array.from({ length: 4 }, () => ({ sku: 'a', quantity: 1 })) })).toMatchObject({ field: 'lines', message: 'lines has too many items: at most 3.' });
    expect(await refused({ l: [{ sku: 'a', quantity: 1, children: [{ sku: 'b\u0000', quantity: 1 }] }] })).toMatchObject({ field: 'lines[0].children[0].sku' });
    expect(await refused({ l: [{ sku: 'a', quantity: 1, children: [{ sku: 'b', quantity: 1 }] }] })).toBeUndefined();
  });

  it('holds each item of a list of texts to the bound of its items, multi-line text to its own rule', async () => {
    const schema = enforceInputBounds(schemaOf(SDL, []));
    expect((await run(schema, 'mutation { note(tags: ["ok", "too long"]) }')).errors?.[0]).toMatchObject({ field: 'tags[1]' });
    expect((await run(schema, 'mutation { note(tags: ["a", "b", "c"]) }')).errors?.[0]).toMatchObject({ field: 'tags' });
    expect((await run(schema, 'mutation($r: String) { note(reason: $r) }', { r: 'one\ntwo' })).errors).toBeUndefined();
    expect((await run(schema, 'mutation($r: String) { note(reason: $r) }', { r: 'one\u0000' })).errors?.[0]).toMatchObject({ field: 'reason' });
    expect((await run(schema, 'mutation { note(reason: null, tags: null) }')).errors).toBeUndefined();
  });

  it('refuses to build a schema with a text or list argument that states no bound', () => {
    const unbounded = `
      type Query { find("What to find." text: String, "Ids. At most 3 items." ids: [ID!]): String, list(names: [String!]): String }
    `;
    expect(() => enforceInputBounds(buildSchema(unbounded))).toThrow(
      /Missing: Query\.find\(text\) \("At most N characters\."\); Query\.find\(ids\)\[\] \("At most N characters\."\); Query\.list\(names\) \(a list: "At most N items\."\); Query\.list\(names\)\[\]/,
    );
  });
});
