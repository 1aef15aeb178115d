import fs from 'node:fs';
import path from 'node:path';

/** The project root (where package.json is), from source under ts-jest/swc or from dist/. */
export const PROJECT_ROOT: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
})();

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');
export const SUPERGRAPH_PATH = path.join(SCHEMA_DIR, 'supergraph.graphql');
/** The operations first-party clients send (`*.graphql`), and the manifest of them the gateway trusts. */
export const CLIENTS_DIR = path.join(SCHEMA_DIR, 'clients');
export const PERSISTED_QUERY_MANIFEST_PATH = path.join(CLIENTS_DIR, 'persisted-query-manifest.json');
