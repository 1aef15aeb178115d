import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, pageRequest } from './pagination';

describe('cursor pagination', () => {
  it('round-trips a cursor', () => {
    const key = { at: new Date('2026-11-10T00:00:00.123Z'), id: 'a-b-c' };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
  });

  it('refuses a forged cursor and a page size out of bounds with BAD_USER_INPUT', () => {
    for (const attempt of [() => decodeCursor('garbage'), () => pageRequest(-1, null), () => pageRequest(101, null), () => pageRequest(2.5, null)]) {
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
