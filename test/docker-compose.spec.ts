import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENV, GATEWAY_INTERNAL_PORT, GATEWAY_PORT, SUBGRAPHS, SUBGRAPH_NAMES, databaseConfig, httpSettings, type SubgraphName } from '../kernel/config';
import { PROJECT_ROOT } from '../kernel/paths';
import { sanctionsFromEnv, SHIPPED_SANCTIONS } from '../subgraphs/order/shipping/sanctions';
import { chargeDescriptorFromEnv } from '../subgraphs/order/payments/payment.service';

/**
 * Docker does not run on the development machines, so docker-compose.yml is checked against
 * the code's own configuration: services, entry points, ports, environment and healthchecks.
 */
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}

const compose = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
/** What docker compose would substitute for ${VAR:?…}, ${VAR:-default} and ${VAR}, with only the two secrets set. */
const substitute = (value: string) =>
  value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_m, name: string, kind?: string, fallback?: string) =>
    ({ MYSQL_ROOT_PASSWORD: 'pw', GATEWAY_SECRET: 'x'.repeat(32) })[name] ?? (kind === '-' ? fallback! : ''),
  );

describe('docker-compose.yml', () => {
  it('has MySQL 8, the three subgraphs and the gateway', () => {
    expect(Object.keys(services).sort()).toEqual(['account', 'gateway', 'mysql', 'order', 'subscription']);
    expect(services.mysql.image).toMatch(/^mysql:8/);
    expect(services.mysql.healthcheck?.test.join(' ')).toContain('mysqladmin ping');
  });

  it.each(SUBGRAPH_NAMES)('%s: runs its own entry point on its configured port, on MySQL, after MySQL is healthy', (name: SubgraphName) => {
    const service = services[name];
    const env = service.environment!;
    expect(service.command).toEqual(['node', `dist/subgraphs/${name}/main.js`]);
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'subgraphs', name, 'main.ts'))).toBe(true);
    expect(Number(env[`${SUBGRAPHS[name].envPrefix}_PORT`])).toBe(SUBGRAPHS[name].port);
    expect(Number(env[`${SUBGRAPHS[name].envPrefix}_INTERNAL_PORT`])).toBe(SUBGRAPHS[name].internalPort);
    expect(Object.keys(env).every((key) => ENV.subgraph(name).includes(key))).toBe(true);
    expect(env.NODE_ENV).toBe('production');
    expect(env.HOST).toBe('0.0.0.0');
    expect(databaseConfig({ DATABASE_URL: substitute(env.DATABASE_URL) })).toMatchObject({ kind: 'mysql', host: 'mysql', port: 3306 });
    expect(substitute(env.GATEWAY_SECRET).length).toBeGreaterThanOrEqual(32);
    expect(service.depends_on).toEqual({ mysql: { condition: 'service_healthy' } });
    expect(service.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${SUBGRAPHS[name].port}/health/ready`);
    expect(service.ports).toBeUndefined(); // subgraphs answer only the gateway
    // Event delivery (X2) reaches every subgraph by its service name.
    for (const other of SUBGRAPH_NAMES) expect(env[`${SUBGRAPHS[other].envPrefix}_URL`]).toBe(`http://${other}:${SUBGRAPHS[other].port}/graphql`);
  });

  it('account: signs access tokens with keys and sends mail through SMTP given by the operator (A3, A4)', () => {
    expect(services.account.environment!.ACCESS_TOKEN_KEYS).toMatch(/^\$\{ACCESS_TOKEN_KEYS:\?/);
    // Production sends mail through SMTP only (A4).
    expect(services.account.environment!.SMTP_URL).toMatch(/^\$\{SMTP_URL:\?/);
    expect(services.account.environment!.SMS_WEBHOOK_URL).toMatch(/^\$\{SMS_WEBHOOK_URL:\?/);
  });

  it('order: passes the operator\'s list of sanctioned countries through, empty keeping the shipped one (O7)', () => {
    expect(services.order.environment!.SANCTIONED_COUNTRIES).toBe('${SANCTIONED_COUNTRIES:-}');
    expect(sanctionsFromEnv({ SANCTIONED_COUNTRIES: substitute(services.order.environment!.SANCTIONED_COUNTRIES) })).toBe(SHIPPED_SANCTIONS);
  });

  it('order: signs order tokens with keys the operator sets (O8)', () => {
    expect(services.order.environment!.ORDER_TOKEN_KEYS).toMatch(/^\$\{ORDER_TOKEN_KEYS:\?/);
  });

  it('order: needs a payment processor and the card-digit digest key from the operator; the descriptor has a default (O3–O5, O8)', () => {
    const env = services.order.environment!;
    expect(env.PAYMENT_PROCESSOR).toMatch(/^\$\{PAYMENT_PROCESSOR:\?/);
    expect(env.CARD_DIGEST_KEY).toMatch(/^\$\{CARD_DIGEST_KEY:\?/);
    expect(env.CHARGE_DESCRIPTOR).toBe('${CHARGE_DESCRIPTOR:-DRI*Commerce Graph}');
    expect(chargeDescriptorFromEnv({ CHARGE_DESCRIPTOR: env.CHARGE_DESCRIPTOR.replace(/^\$\{CHARGE_DESCRIPTOR:-(.*)\}$/, '$1') })).toBe('DRI*Commerce Graph');
  });

  it('gateway: reaches each subgraph by service name and port, publishes its port, waits for healthy subgraphs', () => {
    const gateway = services.gateway;
    const env = gateway.environment!;
    expect(gateway.command).toEqual(['node', 'dist/gateway/main.js']);
    expect(Object.keys(env).every((key) => ENV.gateway.includes(key))).toBe(true);
    expect(Number(env.GATEWAY_PORT)).toBe(GATEWAY_PORT);
    for (const name of SUBGRAPH_NAMES) {
      expect(env[`${SUBGRAPHS[name].envPrefix}_URL`]).toBe(`http://${name}:${SUBGRAPHS[name].port}/graphql`);
      expect(gateway.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    }
    // Only the public port is published: metrics and readiness detail stay on the compose network.
    expect(gateway.ports).toEqual([`${GATEWAY_PORT}:${GATEWAY_PORT}`]);
    expect(Number(env.GATEWAY_INTERNAL_PORT)).toBe(GATEWAY_INTERNAL_PORT);
    // Browsers of the portal's origin may call the gateway.
    expect(env.PORTAL_URL).toMatch(/^\$\{PORTAL_URL:-http/);
    expect(env).toHaveProperty('CORS_ORIGINS');
    expect(gateway.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${GATEWAY_PORT}/health/ready`);
    // One secret shared by all four.
    const secrets = new Set(['gateway', ...SUBGRAPH_NAMES].map((n) => services[n].environment!.GATEWAY_SECRET));
    expect(secrets.size).toBe(1);
  });

  it.each(['gateway', ...SUBGRAPH_NAMES])('%s: docker waits for the drain of requests in flight before it kills the process', (name) => {
    const service = services[name];
    const settings = httpSettings(Object.fromEntries(Object.entries(service.environment!).map(([k, v]) => [k, substitute(v)])));
    const grace = /^(\d+)s$/.exec(service.stop_grace_period ?? '10s')!;
    expect(Number(grace[1]) * 1000).toBeGreaterThan(settings.shutdownDelayMs + settings.shutdownTimeoutMs);
  });
});
