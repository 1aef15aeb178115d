import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Kind, parse, print, type TypeNode, type OperationDefinitionNode } from 'graphql';
import type { Env } from '../kernel/config';
import { StartupError } from '../kernel/errors';
import { CLIENTS_DIR, PROJECT_ROOT } from '../kernel/paths';
import { buildManifest } from './trusted-documents';

/**
 * The explorer: a self-hosted GraphiQL at /explorer, for front-end developers and analysts, that
 * works without internet (Apollo Sandbox, on the landing page, loads from Apollo's CDN). Every
 * byte comes from this origin: GraphiQL's prebuilt bundle and stylesheet and React's UMD
 * builds from node_modules, the page and its script from gateway/explorer/. The client
 * operations of schema/clients/ open as tabs and in a picker, and a small form signs in with
 * the SignIn operation and sends its access token as the Authorization header.
 *
 * What it can do is what the signed-in identity may do at /graphql: the page holds no
 * privilege of its own (introspection is for staff in production; others send only trusted
 * documents there).
 */
export const EXPLORER_PATH = '/explorer';

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
/** Browser code of the page: plain script and stylesheet, served as they are (no build step). */
const PAGE_DIR = path.join(PROJECT_ROOT, 'gateway', 'explorer');

/** Each asset the page loads, by the name it is served under: nothing else is reachable. */
const ASSETS: Record<string, { dir: string; file: string }> = {
  'react.js': { dir: path.join(packageDir('react'), 'umd'), file: 'react.production.min.js' },
  'react-dom.js': { dir: path.join(packageDir('react-dom'), 'umd'), file: 'react-dom.production.min.js' },
  'graphiql.js': { dir: packageDir('graphiql'), file: 'graphiql.min.js' },
  'graphiql.css': { dir: packageDir('graphiql'), file: 'graphiql.min.css' },
  'explorer.js': { dir: PAGE_DIR, file: 'explorer.js' },
  'explorer.css': { dir: PAGE_DIR, file: 'explorer.css' },
};

/**
 * The page may load and call only its own origin: scripts and styles from files (no inline
 * script, no eval), fetches to /graphql, GraphiQL's icons as data: URLs; it may not be framed
 * nor submit forms elsewhere.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': EXPLORER_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export interface ExplorerOperation {
  name: string;
  type: string;
  /** The client file it comes from, e.g. web-portal. */
  client: string;
  /** The text the client sends: the trusted document itself, so the explorer may send it in production. */
  query: string;
  /** A variables object to fill in: each variable with its default, null, or an empty value of its type. */
  variables: string;
}

/** What to fill a variable with: null when it may be null, else an empty value of its type. */
function emptyValue(type: TypeNode): unknown {
  if (type.kind !== Kind.NON_NULL_TYPE) return null;
  return emptyOf(type.type);
}

function emptyOf(type: TypeNode): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return emptyOf(type.type);
  if (type.kind === Kind.LIST_TYPE) return [];
  switch (type.name.value) {
    case 'Int':
    case 'Float':
      return 0;
    case 'Boolean':
      return false;
    case 'String':
    case 'ID':
      return '';
    default:
      // An input object or an enum: the editor's completion knows its shape.
      return null;
  }
}

function variablesOf(operation: OperationDefinitionNode): string {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    values[definition.variable.name.value] = definition.defaultValue ? valueOf(print(definition.defaultValue)) : emptyValue(definition.type);
  }
  return Object.keys(values).length ? JSON.stringify(values, null, 2) : '';
}

/** A default value as JSON, where it is one (numbers, strings, booleans, null); else its text. */
function valueOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The client operations, by client file (web-portal first: the Dashboard opens first), from the manifest. */
export function explorerOperations(): ExplorerOperation[] {
  const manifest = buildManifest();
  const clientOf = new Map<string, string>();
  for (const file of fs.readdirSync(CLIENTS_DIR).filter((f) => f.endsWith('.graphql'))) {
    for (const definition of parse(fs.readFileSync(path.join(CLIENTS_DIR, file), 'utf8')).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) clientOf.set(definition.name.value, file.replace(/\.graphql$/, ''));
    }
  }
  const order = (client: string) => (client === 'web-portal' ? 0 : 1);
  return manifest.operations
    .map((o) => {
      const operation = parse(o.body).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      return { name: o.name, type: o.type, client: clientOf.get(o.name) ?? 'clients', query: o.body, variables: variablesOf(operation) };
    })
    .sort((a, b) => order(a.client) - order(b.client) || (a.name === 'Dashboard' ? -1 : b.name === 'Dashboard' ? 1 : 0));
}

/**
 * EXPLORER: `on` or `off`. Unset, the explorer is served in development and not in production,
 * where an operator turns it on for the analysts of a deployment (an internal gateway, or one
 * whose analysts have no internet).
 */
export function explorerEnabledFromEnv(env: Env, production: boolean): boolean {
  const raw = env.EXPLORER?.trim().toLowerCase();
  if (!raw) return !production;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new StartupError(`EXPLORER=${env.EXPLORER} is not a setting: use on or off.`);
}

/** The explorer's routes, as a Fastify plugin of the gateway's public listener. */
export function explorerPlugin(): (app: FastifyInstance) => Promise<void> {
  const html = fs.readFileSync(path.join(PAGE_DIR, 'index.html'), 'utf8');
  const operations = JSON.stringify({ operations: explorerOperations() });
  return async (app) => {
    // sendFile only (ETag, Last-Modified, 304, ranges); which files exist is ASSETS' business.
    await app.register(fastifyStatic, { root: PAGE_DIR, serve: false });
    app.get(EXPLORER_PATH, (_request, reply) => {
      reply.headers({ ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).send(html);
    });
    app.get(`${EXPLORER_PATH}/`, (_request, reply) => reply.redirect(EXPLORER_PATH));
    app.get(`${EXPLORER_PATH}/operations.json`, (_request, reply) => {
      reply.headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }).send(operations);
    });
    app.get<{ Params: { name: string } }>(`${EXPLORER_PATH}/assets/:name`, (request, reply) => {
      const asset = Object.hasOwn(ASSETS, request.params.name) ? ASSETS[request.params.name] : undefined;
      if (!asset) return reply.code(404).send({ error: 'not found' });
      reply.header('x-content-type-options', 'nosniff');
      // Revalidated after an hour: the names carry no version, the ETag tells when a deploy changed them.
      return reply.sendFile(asset.file, asset.dir, { maxAge: '1h', immutable: false });
    });
  };
}
