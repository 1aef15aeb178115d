import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { codegen } from '@graphql-codegen/core';
import * as fragmentMatcher from '@graphql-codegen/fragment-matcher';
import { parse, printSchema } from 'graphql';
import { CLIENTS_DIR } from '../kernel/paths';

/** What Apollo Client's InMemoryCache takes as `possibleTypes` (README "Apollo Client"). */
export const POSSIBLE_TYPES_PATH = path.join(CLIENTS_DIR, 'possible-types.json');

/**
 * The possible types of every union and interface clients see (`ErrorResult`, `SignInResult`…),
 * generated with GraphQL Code Generator's fragment-matcher plugin from the API schema of the
 * supergraph (what the gateway serves, without federation's join types). Without them Apollo
 * Client cannot tell that an `InvalidCredentialsError` is an `ErrorResult`, and drops the `code`
 * and `message` that `... on ErrorResult` asked for.
 *
 * The generator runs through @graphql-codegen/core, the engine of @graphql-codegen/cli: the CLI
 * adds schema loaders (URLs, GitHub, Apollo Studio) whose dependencies want Node 22, and the
 * schema is already in hand here.
 */
export async function generatePossibleTypes(supergraphSdl: string): Promise<string> {
  const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  const output = await codegen({
    schema: parse(printSchema(api)),
    documents: [],
    filename: POSSIBLE_TYPES_PATH,
    config: {},
    // deterministic: names sorted, so the committed file changes only when the schema does.
    plugins: [{ fragmentMatcher: { apolloClientVersion: 3, deterministic: true } }],
    pluginMap: { fragmentMatcher },
  });
  return output.trim() + '\n';
}
