import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../gateway/compose';
import { SCHEMA_DIR, SUPERGRAPH_PATH } from '../kernel/paths';

/** `npm run compose`: writes schema/<subgraph>.graphql and schema/supergraph.graphql. */
async function main(): Promise<void> {
  const { subgraphs, supergraph } = await composeSupergraph();
  fs.mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [name, sdl] of Object.entries(subgraphs)) {
    fs.writeFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), sdl);
    console.log(`wrote schema/${name}.graphql`);
  }
  fs.writeFileSync(SUPERGRAPH_PATH, supergraph);
  console.log('wrote schema/supergraph.graphql');
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
