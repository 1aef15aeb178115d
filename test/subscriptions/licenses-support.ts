import fs from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { Kind, parse, print, validate, visit, type GraphQLSchema } from 'graphql';
import { SUPERGRAPH_PATH } from '../../kernel/paths';
import type { TestGraph } from '../support/graph';
import { clientOperation } from '../support/operations';

let api: GraphQLSchema | null = null;
function apiSchema(): GraphQLSchema {
  api ??= Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();
  return api;
}

/** Whether the committed supergraph has `License.nextRenewal` (S3, automatic renewal). */
export function hasNextRenewal(): boolean {
  const license = apiSchema().getType('License') as { getFields?: () => Record<string, unknown> } | undefined;
  return Boolean(license?.getFields?.().nextRenewal);
}

/**
 * A client operation of schema/clients/*.graphql as written, once the supergraph has every field
 * it asks for. `MyProducts` and `DisableAutoRenew` also ask for `License.nextRenewal`, which
 * automatic renewal (S3) contributes: until that is in the graph, they are sent without that
 * selection alone, and the rest runs as written.
 */
export function portalOperation(name: string): string {
  const document = parse(clientOperation(name));
  if (validate(apiSchema(), document).length === 0) return clientOperation(name);
  if (hasNextRenewal()) throw new Error(`${name} does not validate against the supergraph`);
  const trimmed = visit(document, { [Kind.FIELD]: (node) => (node.name.value === 'nextRenewal' ? null : undefined) });
  const errors = validate(apiSchema(), trimmed);
  if (errors.length) throw new Error(`${name} does not validate without nextRenewal: ${errors.map((e) => e.message).join('; ')}`);
  return print(trimmed);
}

export const PORTAL = {
  myProducts: () => portalOperation('MyProducts'),
  disableAutoRenew: () => portalOperation('DisableAutoRenew'),
  cancelAutoRenewal: () => portalOperation('CancelAutoRenewal'),
};

/** The device apps' and the portal's operations as they send them (schema/clients/*.graphql). */
export const REGISTER_INSTALLATION = clientOperation('RegisterInstallation');
export const REMOVE_INSTALLATION = clientOperation('RemoveInstallation');
export const RESUME_AUTO_RENEWAL = clientOperation('EnableAutoRenew');

/** A device as the apps describe it. */
export function device(n: number | string, overrides: Record<string, string> = {}) {
  return { deviceId: `device-${n}`, deviceName: `Device ${n}`, platform: 'Windows', ...overrides };
}

let address = 0;
/** A client address of its own (the tests stand for the proxy in front of the gateway), so throttles do not mix. */
export function freshAddress(): Record<string, string> {
  address += 1;
  return { 'x-forwarded-for': `10.${60 + Math.floor(address / 65536)}.${Math.floor(address / 256) % 256}.${address % 256}` };
}

/** The app registering a device: anonymous, from its own address unless one is given. */
export async function registerInstallation(graph: TestGraph, activationCode: string, dev: Record<string, string>, headers: Record<string, string> = freshAddress()): Promise<any> {
  const { body } = await graph.query(REGISTER_INSTALLATION, { input: { activationCode, ...dev } }, { headers });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.registerInstallation;
}

/** Rows of a table of the subscription database matching `where` (a column = value). */
export async function countRows(graph: TestGraph, table: 'installations' | 'licenses', column: string, value: string): Promise<number> {
  const rows = await graph.subgraphs.subscription.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [value]);
  return Number(rows[0].n);
}

/** Runs an operation and fails on any GraphQL error; answers `data`. */
export async function data(graph: TestGraph, query: string, variables: Record<string, unknown> = {}, options: Parameters<TestGraph['query']>[2] = {}): Promise<any> {
  const { body } = await graph.query(query, variables, options);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
