import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { getNamedType, getNullableType, isEnumType, isInputObjectType, isInterfaceType, isListType, isObjectType, isUnionType, parse, validate, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { boundInDescription } from '../kernel/input-bounds';
import { composeSupergraph } from '../gateway/compose';
import { buildManifest, printManifest } from '../gateway/trusted-documents';
import { PERSISTED_QUERY_MANIFEST_PATH, SCHEMA_DIR, SUPERGRAPH_PATH } from '../kernel/paths';
import { clientOperations } from './support/operations';
import { generatePossibleTypes, POSSIBLE_TYPES_PATH } from '../scripts/possible-types';

/**
 * Operations of the client contract whose issue has not landed yet, by name. Each must be
 * removed from this list when its issue lands; the test below fails if one starts validating
 * while still listed, so the list cannot rot.
 */
const NOT_YET_LANDED: Record<string, string> = {
};

describe('schema/ is what the code produces', () => {
  let composed: Awaited<ReturnType<typeof composeSupergraph>>;
  beforeAll(async () => {
    composed = await composeSupergraph();
  });

  it.each(['account', 'order', 'subscription'] as const)('schema/%s.graphql matches the code (run npm run compose)', (name) => {
    expect(fs.readFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), 'utf8')).toBe(composed.subgraphs[name]);
  });

  it('schema/supergraph.graphql matches the composition (run npm run compose)', () => {
    expect(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composed.supergraph);
  });

  it('schema/clients/persisted-query-manifest.json holds exactly the operations of schema/clients/*.graphql (run npm run compose)', () => {
    expect(fs.readFileSync(PERSISTED_QUERY_MANIFEST_PATH, 'utf8')).toBe(printManifest(buildManifest()));
  });

  it("schema/clients/possible-types.json holds the supergraph's unions and interfaces for Apollo Client (run npm run compose)", async () => {
    expect(fs.readFileSync(POSSIBLE_TYPES_PATH, 'utf8')).toBe(await generatePossibleTypes(composed.supergraph));
  });
});

describe('the client contract (schema/clients/*.graphql) against the supergraph', () => {
  const supergraph: GraphQLSchema = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();
  const operations = clientOperations();

  it('holds every operation the skip-list names', () => {
    for (const name of Object.keys(NOT_YET_LANDED)) expect(operations.has(name)).toBe(true);
  });

  it.each([...operations.keys()].filter((n) => !(n in NOT_YET_LANDED)))('%s validates as written', (name) => {
    expect(validate(supergraph, parse(operations.get(name)!)).map((e) => e.message)).toEqual([]);
  });

  // Every operation has landed today; the list stays for the next client operations.
  if (Object.keys(NOT_YET_LANDED).length) it.each(Object.entries(NOT_YET_LANDED))('%s does not validate yet (%s)', (name) => {
    expect(validate(supergraph, parse(operations.get(name)!)).length).toBeGreaterThan(0);
  });
});

describe('the schema analysts read in Sandbox', () => {
  const api: GraphQLSchema = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();

  it('describes every public type, field, argument and enum value', () => {
    const missing: string[] = [];
    const roots = new Set(['Query', 'Mutation', 'Subscription']);
    for (const type of Object.values(api.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description && !roots.has(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });

  // The bound every subgraph checks where input enters (kernel/input-validation.ts) is the one its
  // description states: a field that forgets it fails here (and the subgraph refuses to build).
  it('states a length bound for every String and ID argument and input field, and an item bound for every list', () => {
    const missing: string[] = [];
    const check = (coordinate: string, type: GraphQLInputType, description: string | null | undefined) => {
      const bounds = boundInDescription(description);
      const nullable = getNullableType(type);
      if (isListType(nullable) && !bounds.list) missing.push(`${coordinate}: "At most N items."`);
      const named = getNamedType(type);
      if ((named.name === 'String' || named.name === 'ID') && !(bounds.text ?? bounds.list?.each)) missing.push(`${coordinate}: "At most N characters."`);
    };
    for (const type of Object.values(api.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.type, arg.description);
      }
      if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.type, field.description);
    }
    expect(missing).toEqual([]);
  });
});
