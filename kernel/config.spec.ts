import { databaseConfig, describeDatabase, intFromEnv, portFromEnv, subgraphUrl } from './config';
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
