import { corsOrigins, databaseConfig, describeDatabase, httpSettings, intFromEnv, portFromEnv, subgraphUrl } from './config';
import { StartupError } from './errors';

describe('configuration from the environment', () => {
  it('uses the embedded SQLite default when DATABASE_URL is unset', () => {
    expect(databaseConfig({}, '/tmp/data')).toEqual({ kind: 'sqlite', directory: '/tmp/data' });
  });

  it('reads a MySQL server URL; a path is a database name prefix', () => {
    expect(databaseConfig({ DATABASE_URL: 'mysql://app:s%40cret@db.internal:3307/shop' })).toEqual({
      kind: 'mysql',
      host: 'db.internal',
      port: 3307,
      user: 'app',
      password: 's@cret',
      databasePrefix: 'shop_',
    });
    expect(databaseConfig({ DATABASE_URL: 'mysql://root@127.0.0.1' })).toMatchObject({ port: 3306, databasePrefix: '', password: '' });
  });

  it.each([
    ['not a url', /not a valid URL/],
    ['postgres://x@y/z', /must start with mysql:\/\//],
    ['mysql://root@127.0.0.1/bad-prefix!', /not a valid database name prefix/],
  ])('refuses DATABASE_URL=%s with one line saying how to fix it', (url, message) => {
    const attempt = () => databaseConfig({ DATABASE_URL: url });
    expect(attempt).toThrow(StartupError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never prints the password of the database', () => {
    const config = databaseConfig({ DATABASE_URL: 'mysql://app:hunter22@db:3306' });
    expect(describeDatabase(config)).not.toContain('hunter22');
  });

  it('checks ports', () => {
    expect(portFromEnv({ P: '4100' }, 'P', 1)).toBe(4100);
    expect(portFromEnv({}, 'P', 4000)).toBe(4000);
    expect(() => portFromEnv({ P: 'http' }, 'P', 1)).toThrow(/P=http is not a port number/);
    expect(() => portFromEnv({ P: '70000' }, 'P', 1)).toThrow(StartupError);
    expect(() => intFromEnv({ MS: '-5' }, 'MS', 1, 10, 60_000)).toThrow('MS=-5 is not an integer: use an integer from 10 to 60000.');
  });

  it('finds a subgraph at its URL setting, else on localhost at its port', () => {
    expect(subgraphUrl('order', {})).toBe('http://127.0.0.1:4002/graphql');
    expect(subgraphUrl('order', { ORDER_PORT: '5002' })).toBe('http://127.0.0.1:5002/graphql');
    expect(subgraphUrl('order', { ORDER_URL: 'http://order:4002/graphql' })).toBe('http://order:4002/graphql');
  });
});

describe('CORS origins of the gateway', () => {
  it("defaults to the web portal's origin (PORTAL_URL) and Apollo Studio's Sandbox", () => {
    expect(corsOrigins({})).toEqual(['http://localhost:3000', 'https://studio.apollographql.com']);
    expect(corsOrigins({ PORTAL_URL: 'https://portal.example.com/' })).toEqual(['https://portal.example.com', 'https://studio.apollographql.com']);
  });

  it('takes a comma-separated list from CORS_ORIGINS, or * alone for any origin (then without credentials)', () => {
    expect(corsOrigins({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' })).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(corsOrigins({ CORS_ORIGINS: '*' })).toBe('*');
  });

  it.each(['https://a.example/path', 'a.example', 'ftp://a.example', 'https://a.example,*'])('refuses %s with one line', (value) => {
    expect(() => corsOrigins({ CORS_ORIGINS: value })).toThrow(StartupError);
    expect(() => corsOrigins({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS has ".*", which is not an origin/);
  });
});

describe('HTTP settings', () => {
  it('keeps connections 65 s and drains for up to 10 s by default; each bound is checked', () => {
    expect(httpSettings({})).toEqual({ keepAliveTimeoutMs: 65_000, shutdownDelayMs: 0, shutdownTimeoutMs: 10_000 });
    expect(httpSettings({ SHUTDOWN_DELAY_MS: '5000', SHUTDOWN_TIMEOUT_MS: '30000' })).toMatchObject({ shutdownDelayMs: 5000, shutdownTimeoutMs: 30_000 });
    expect(() => httpSettings({ KEEP_ALIVE_TIMEOUT_MS: '10' })).toThrow(/KEEP_ALIVE_TIMEOUT_MS=10 is not an integer/);
  });
});
