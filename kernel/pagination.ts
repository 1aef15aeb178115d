import { Field, ObjectType } from 'type-graphql';
import { badInput } from './errors';

/** Cursor pagination after the GraphQL Cursor Connections convention, newest first. */
@ObjectType({ description: 'Where a page of a list stands (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; pass it as `after` for the next page.' })
  endCursor: string | null;
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
