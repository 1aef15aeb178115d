import { Directive, Field, ObjectType } from 'type-graphql';
import { badInput } from './errors';

/**
 * Cursor pagination after the GraphQL Cursor Connections convention (Relay), newest first.
 * Every connection of the graph has `edges`, `nodes` and this full PageInfo, so that Apollo
 * Client's `relayStylePagination` and Relay read it without configuration. A value type any
 * subgraph's connection may return, hence shareable.
 */
@Directive('@shareable')
@ObjectType({ description: 'Where a page of a list stands (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field({
    description:
      'Whether items come before this page: true when it was asked for after a cursor (pages go forward only, with `first` and `after`), as the Relay specification allows.',
  })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page; null when the page is empty.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; pass it as `after` for the next page. Null when the page is empty.' })
  endCursor: string | null;
}

/** One page of a list as every connection type of the graph serves it. */
export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
}

/** The page before any row is known (and the whole answer to `first: 0`). */
export function emptyConnection<T>(page: PageRequest): Connection<T> {
  return { edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: page.after !== null, startCursor: null, endCursor: null } };
}

/**
 * Adds a row to a page being filled in order: past `first` it only says a next page exists
 * (the query asks for `first + 1` rows to know that without a count).
 */
export function addToConnection<T>(connection: Connection<T>, page: PageRequest, node: T, key: SortKey): void {
  if (connection.edges.length >= page.first) {
    connection.pageInfo.hasNextPage = true;
    return;
  }
  const cursor = encodeCursor(key);
  connection.edges.push({ cursor, node });
  connection.nodes.push(node);
  connection.pageInfo.startCursor ??= cursor;
  connection.pageInfo.endCursor = cursor;
}

export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  first: number;
  after: SortKey | null;
}

/** Position in a list sorted by time, then id, both descending. */
export interface SortKey {
  at: Date;
  id: string;
}

export function encodeCursor(key: SortKey): string {
  return Buffer.from(`${key.at.toISOString()}|${key.id}`, 'utf8').toString('base64url');
}

// What encodeCursor writes, and nothing else: a forged cursor with a date no column can hold
// (year 275760, say) would otherwise be compared by the database and silently match nothing.
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([A-Za-z0-9-]{1,64})$/;

export function decodeCursor(cursor: string): SortKey {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const date = new Date(match?.[1] ?? '');
  if (!match || Number.isNaN(date.getTime()) || date.toISOString() !== match[1]) {
    throw badInput('The cursor is not valid: pass an endCursor or cursor from an earlier page.');
  }
  return { at: date, id: match[2] };
}

/** Checks `first`/`after` as a client sent them. */
export function pageRequest(first: number, after: string | null | undefined): PageRequest {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}.`);
  }
  return { first, after: after ? decodeCursor(after) : null };
}
