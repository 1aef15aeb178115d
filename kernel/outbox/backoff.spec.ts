import { backoffDelay, describeFailure } from './backoff';

describe('retry backoff (X2)', () => {
  it('doubles from the base and stops at the cap', () => {
    const b = { baseMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, b))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('refuses nonsense attempt counts', () => {
    expect(() => backoffDelay(0)).toThrow(RangeError);
    expect(() => backoffDelay(1.5)).toThrow(RangeError);
  });

  it('keeps one bounded line of an error for operators', () => {
    const text = describeFailure(new TypeError('bad\n  thing'), 20);
    expect(text).toBe('TypeError: bad thing');
    expect(describeFailure('x'.repeat(900)).length).toBe(500);
  });
});
