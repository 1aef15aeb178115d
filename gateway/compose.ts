import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { SUBGRAPHS, SUBGRAPH_NAMES, type SubgraphName } from '../kernel/config';
import { subgraphSchema } from '../kernel/subgraph';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';

export interface Composition {
  subgraphs: Record<SubgraphName, string>;
  supergraph: string;
}

/**
 * Prints each subgraph's SDL from its code and composes the supergraph with
 * @apollo/composition. The URLs written into the supergraph are the default local ones; the
 * gateway overrides them from its configuration.
 */
export async function composeSupergraph(): Promise<Composition> {
  const subgraphs = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    subgraphs[name] = printSubgraphSchema(await subgraphSchema(SUBGRAPH_DEFINITIONS[name])).trim() + '\n';
  }
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({
      name,
      typeDefs: parse(subgraphs[name]),
      url: `http://127.0.0.1:${SUBGRAPHS[name].port}/graphql`,
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return { subgraphs, supergraph: result.supergraphSdl.trim() + '\n' };
}
