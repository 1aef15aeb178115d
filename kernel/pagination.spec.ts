import { GraphQLError } from 'graphql';
import { addToConnection, decodeCursor, emptyConnection, encodeCursor, pageRequest } from './pagination';

describe('cursor pagination', () => {
  it('round-trips a cursor', () => {
    const key = { at: new Date('2026-11-10T00:00:00.123Z'), id: 'a-b-c' };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
  });

  it('refuses a forged cursor and a page size out of bounds with BAD_USER_INPUT', () => {
    const forged = (text: string) => () => decodeCursor(Buffer.from(text, 'utf8').toString('base64url'));
    for (const attempt of [
      () => decodeCursor('garbage'),
      forged('+275760-09-13T00:00:00.000Z|a-b'),
      forged('2026-02-30T00:00:00.000Z|a-b'),
      forged("2026-01-01T00:00:00.000Z|'; --"),
      forged(`2026-01-01T00:00:00.000Z|${'a'.repeat(65)}`),
      () => pageRequest(-1, null), () => pageRequest(101, null), () => pageRequest(2.5, null)]) {
      try {
        attempt();
        throw new Error('expected a failure');
      } catch (error) {
        expect(error).toBeInstanceOf(GraphQLError);
        expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });
});

describe('a page being filled (Relay connections)', () => {
  const key = (n: number) => ({ at: new Date(Date.UTC(2026, 10, 20 - n)), id: `order-${n}` });

  it('keeps edges and nodes in step, and says where the page stands', () => {
    const page = pageRequest(2, null);
    const connection = emptyConnection<string>(page);
    for (const n of [1, 2, 3]) addToConnection(connection, page, `order-${n}`, key(n));
    expect(connection.nodes).toEqual(['order-1', 'order-2']);
    expect(connection.edges.map((e) => e.node)).toEqual(connection.nodes);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: encodeCursor(key(1)), endCursor: encodeCursor(key(2)) });
    expect(decodeCursor(connection.pageInfo.endCursor!)).toEqual(key(2));
  });

  it('after a cursor, items come before the page; an empty page has no cursors', () => {
    const page = pageRequest(2, encodeCursor(key(2)));
    const connection = emptyConnection<string>(page);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
    addToConnection(connection, page, 'order-3', key(3));
    expect(connection.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: encodeCursor(key(3)), endCursor: encodeCursor(key(3)) });
  });
});
