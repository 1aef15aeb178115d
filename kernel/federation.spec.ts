import { mergeResolverMaps } from './federation';

describe('merging resolver maps for a subgraph', () => {
  it('keeps field resolvers when adding __resolveReference to the same type', () => {
    const licenses = () => [];
    const ref = () => null;
    const merged = mergeResolverMaps({ Account: { licenses } }, { Account: { __resolveReference: ref } });
    expect(merged.Account).toEqual({ licenses, __resolveReference: ref });
  });
});
