import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin, BaseContext, PersistedQueryOptions } from '@apollo/server';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { Env } from '../kernel/config';
import { StartupError, refusal } from '../kernel/errors';
import { isStaff, type Identity } from '../kernel/identity';
import { CLIENTS_DIR, PERSISTED_QUERY_MANIFEST_PATH } from '../kernel/paths';

/**
 * Trusted documents: the operations first-party clients send are known in advance
 * (schema/clients/*.graphql). `npm run compose` writes them into a manifest in Apollo's
 * persisted-query format, which clients' own tooling reads (@apollo/persisted-query-lists,
 * Apollo iOS/Kotlin, the Router), and clients send the id alone with the standard wire
 * protocol: `extensions: { persistedQuery: { version: 1, sha256Hash: <id> } }`.
 */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

export interface PersistedOperation {
  /** SHA-256 (hex) of `body`: what Apollo Server computes for a document sent in full, too. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The operation and the fragments it uses, printed by graphql-js. */
  body: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The manifest of every operation in `dir`/*.graphql (files in name order, operations in file
 * order). Fragments are shared across the files; each operation's body holds those it uses,
 * however indirectly, after it in name order. Operation and fragment names must be unique
 * across the folder: clients look an operation's id up by its name.
 */
export function buildManifest(dir: string = CLIENTS_DIR): PersistedQueryManifest {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort();
  const operations: Array<{ node: OperationDefinitionNode; file: string }> = [];
  const fragments = new Map<string, { node: FragmentDefinitionNode; file: string }>();
  for (const file of files) {
    const document = parse(fs.readFileSync(path.join(dir, file), 'utf8'), { noLocation: true });
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        const earlier = fragments.get(definition.name.value);
        if (earlier) throw new Error(`fragment ${definition.name.value} is defined in both ${earlier.file} and ${file}`);
        fragments.set(definition.name.value, { node: definition, file });
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        if (!definition.name) throw new Error(`${file}: every client operation needs a name (clients look its id up by name)`);
        const earlier = operations.find((o) => o.node.name!.value === definition.name!.value);
        if (earlier) throw new Error(`operation ${definition.name.value} is defined in both ${earlier.file} and ${file}`);
        operations.push({ node: definition, file });
      }
    }
  }

  const spreadsIn = (node: DefinitionNode): string[] => {
    const names: string[] = [];
    visit(node, { FragmentSpread: (spread) => void names.push(spread.name.value) });
    return names;
  };
  const fragmentsOf = (operation: OperationDefinitionNode, file: string): FragmentDefinitionNode[] => {
    const used = new Set<string>();
    const pending = spreadsIn(operation);
    while (pending.length) {
      const name = pending.pop()!;
      if (used.has(name)) continue;
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`${file}: operation ${operation.name!.value} spreads unknown fragment ${name}`);
      used.add(name);
      pending.push(...spreadsIn(fragment.node));
    }
    return [...used].sort().map((name) => fragments.get(name)!.node);
  };

  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: operations.map(({ node, file }) => {
      const body = print({ kind: Kind.DOCUMENT, definitions: [node, ...fragmentsOf(node, file)] });
      return { id: sha256(body), name: node.name!.value, type: node.operation, body };
    }),
  };
}

export function printManifest(manifest: PersistedQueryManifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** The committed manifest, checked: a manifest whose ids do not match their bodies stops the gateway. */
export function loadManifest(file: string = PERSISTED_QUERY_MANIFEST_PATH): PersistedQueryManifest {
  let manifest: PersistedQueryManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StartupError(`The trusted documents manifest ${file} cannot be read (${(error as Error).message}); run npm run compose.`);
  }
  if (manifest?.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new StartupError(`${file} is not an apollo-persisted-query-manifest of version 1; run npm run compose.`);
  }
  for (const operation of manifest.operations) {
    if (sha256(operation.body ?? '') !== operation.id) {
      throw new StartupError(`${file}: the id of operation ${operation.name} is not the SHA-256 of its body; run npm run compose.`);
    }
  }
  return manifest;
}

/**
 * Apollo Server's persisted-query cache, filled from the manifest and read-only: a client
 * sending a document with its hash (the APQ registration step) stores nothing, so the only
 * documents known by hash are the manifest's.
 */
export function manifestCache(manifest: PersistedQueryManifest): NonNullable<PersistedQueryOptions['cache']> {
  const bodies = new Map(manifest.operations.map((o) => [o.id, o.body]));
  return {
    // Apollo Server prefixes its keys ("apq:<hash>"); the hash, hex, is what follows the last colon.
    async get(key: string) {
      return bodies.get(key.slice(key.lastIndexOf(':') + 1));
    },
    async set() {},
    async delete() {
      return false;
    },
  };
}

/**
 * Who may send a document that is not in the manifest:
 * - `off`: anyone (development, the default outside production);
 * - `allow-staff`: support agents and analysts (Apollo Sandbox), nobody else (production's default);
 * - `strict`: nobody.
 */
export type TrustedDocumentsMode = 'off' | 'allow-staff' | 'strict';
const MODES: readonly TrustedDocumentsMode[] = ['off', 'allow-staff', 'strict'];

export function trustedDocumentsModeFromEnv(env: Env, production: boolean): TrustedDocumentsMode {
  const raw = env.TRUSTED_DOCUMENTS?.trim();
  if (!raw) return production ? 'allow-staff' : 'off';
  if (!(MODES as string[]).includes(raw)) {
    throw new StartupError(`TRUSTED_DOCUMENTS=${raw} is not a mode: use off, allow-staff or strict.`);
  }
  return raw as TrustedDocumentsMode;
}

/**
 * Refuses a document outside the manifest unless the mode lets this caller send one. Apollo
 * Server has hashed every document before it parses it (`queryHash`: the id sent, or the
 * SHA-256 of the text), so a client sending a manifest body in full is served too.
 *
 * The refusal is answered at the first place Apollo Server answers a plugin's error as such
 * (rather than as an internal error): in place of the validation errors when the document is
 * invalid — which would otherwise tell a stranger, field by field, what the schema holds — or
 * once the operation is resolved when it is valid. Either way before any plan is built; the
 * parse (token limit) and the validation (operation limits) that precede it are bounded.
 */
export function trustedDocumentsPlugin<T extends BaseContext & { identity: Identity }>(
  manifest: PersistedQueryManifest,
  mode: TrustedDocumentsMode,
): ApolloServerPlugin<T> {
  const ids = new Set(manifest.operations.map((o) => o.id));
  const allowed = (queryHash: string, identity: Identity) => ids.has(queryHash) || (mode === 'allow-staff' && isStaff(identity));
  const notInList = () =>
    refusal('PERSISTED_QUERY_NOT_IN_LIST', 'This server runs only the operations its clients are built with: send the id of one from the persisted query manifest.');
  return {
    async requestDidStart() {
      if (mode === 'off') return;
      return {
        async validationDidStart({ queryHash, contextValue }) {
          if (allowed(queryHash, contextValue.identity)) return;
          // Apollo Server answers with this very array once the hook returns (as its own
          // suggestion-hiding plugin relies on): the refusal replaces what validation found.
          return async (errors?: ReadonlyArray<Error>) => {
            if (errors?.length) (errors as Error[]).splice(0, errors.length, notInList());
          };
        },
        async didResolveOperation({ queryHash, contextValue }) {
          if (!allowed(queryHash, contextValue.identity)) throw notInList();
        },
      };
    },
  };
}
