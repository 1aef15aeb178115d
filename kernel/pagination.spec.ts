import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, pageRequest } from './pagination';

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
