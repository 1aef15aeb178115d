import { explorerEnabledFromEnv, explorerOperations } from './explorer';

describe('EXPLORER', () => {
  it('unset: served in development, not in production; on and off say so in either', () => {
    expect(explorerEnabledFromEnv({}, false)).toBe(true);
    expect(explorerEnabledFromEnv({}, true)).toBe(false);
    expect(explorerEnabledFromEnv({ EXPLORER: 'on' }, true)).toBe(true);
    expect(explorerEnabledFromEnv({ EXPLORER: ' OFF ' }, false)).toBe(false);
  });

  it('anything else stops the gateway with one line naming the setting', () => {
    expect(() => explorerEnabledFromEnv({ EXPLORER: 'yes' }, true)).toThrow('EXPLORER=yes is not a setting: use on or off.');
  });
});

describe('the operations the explorer opens', () => {
  const operations = explorerOperations();

  it("are the client contract's, the web portal's Dashboard first, each sent as its trusted document", () => {
    expect(operations[0]).toMatchObject({ name: 'Dashboard', client: 'web-portal', type: 'query' });
    expect(operations.find((o) => o.name === 'Catalog')).toMatchObject({ client: 'store' });
    expect(new Set(operations.map((o) => o.client))).toEqual(new Set(['web-portal', 'store', 'product-apps']));
  });

  it('come with variables to fill in: defaults, null where null is allowed, an empty value of the type otherwise', () => {
    const signIn = operations.find((o) => o.name === 'SignIn')!;
    expect(JSON.parse(signIn.variables)).toEqual({ email: '', password: '' });
    expect(JSON.parse(operations[0].variables)).toEqual({ ordersFirst: 10, ordersAfter: null });
    expect(operations.find((o) => o.name === 'Catalog')!.variables).toBe('');
  });
});
