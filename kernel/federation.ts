import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import { enforceInputBounds } from './input-validation';

type ResolverMap = Record<string, Record<string, unknown>>;

/**
 * Merges resolver maps type by type and field by field. A shallow spread of
 * `createResolversMap(schema)` with the reference resolvers would replace a type's whole
 * entry and silently drop its field resolvers.
 */
export function mergeResolverMaps(...maps: ResolverMap[]): ResolverMap {
  const merged: ResolverMap = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      merged[type] = { ...(merged[type] ?? {}), ...fields };
    }
  }
  return merged;
}

/**
 * One helper builds every subgraph's schema: type-graphql builds it from that subgraph's own
 * resolvers and orphaned key stubs (its metadata is global to the process, so only what is
 * reachable from those is included), then @apollo/subgraph turns the printed SDL, with its
 * directives, into a Federation 2 subgraph, and `__resolveReference` functions are merged in.
 * Last, every argument gets the check of the bound its description states (input-validation.ts);
 * type-graphql's own class-validator step stays off (`validate: false`): that step replaces it.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ResolverMap = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true, validate: false });
  const subgraph = buildSubgraphSchema({
    typeDefs: gql`
      extend schema
        @link(
          url: "https://specs.apollo.dev/federation/v2.3"
          import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"]
        )
      ${printSchemaWithDirectives(schema)}
    `,
    resolvers: mergeResolverMaps(createResolversMap(schema) as ResolverMap, referenceResolvers) as GraphQLResolverMap<unknown>,
  });
  return enforceInputBounds(subgraph);
}
