import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../gateway/compose';
import { buildManifest, printManifest } from '../gateway/trusted-documents';
import { PERSISTED_QUERY_MANIFEST_PATH, PROJECT_ROOT, SCHEMA_DIR, SUPERGRAPH_PATH } from '../kernel/paths';
import { generatePossibleTypes, POSSIBLE_TYPES_PATH } from './possible-types';

/**
 * `npm run compose`: writes schema/<subgraph>.graphql, schema/supergraph.graphql, the
 * trusted documents manifest of the client operations, schema/clients/persisted-query-manifest.json,
 * and the possible types of unions and interfaces for Apollo Client, schema/clients/possible-types.json.
 */
async function main(): Promise<void> {
  const { subgraphs, supergraph } = await composeSupergraph();
  fs.mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [name, sdl] of Object.entries(subgraphs)) {
    fs.writeFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), sdl);
    console.log(`wrote schema/${name}.graphql`);
  }
  fs.writeFileSync(SUPERGRAPH_PATH, supergraph);
  console.log('wrote schema/supergraph.graphql');
  const manifest = buildManifest();
  fs.writeFileSync(PERSISTED_QUERY_MANIFEST_PATH, printManifest(manifest));
  console.log(`wrote ${path.relative(PROJECT_ROOT, PERSISTED_QUERY_MANIFEST_PATH)} (${manifest.operations.length} operations)`);
  fs.writeFileSync(POSSIBLE_TYPES_PATH, await generatePossibleTypes(supergraph));
  console.log(`wrote ${path.relative(PROJECT_ROOT, POSSIBLE_TYPES_PATH)}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
