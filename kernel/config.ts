import path from 'node:path';
import { StartupError } from './errors';
import { PROJECT_ROOT } from './paths';

/**
 * Configuration read from the environment, in one place, so that every process, the launcher,
 * docker-compose.yml and its test agree on names, ports and defaults.
 */
export type SubgraphName = 'account' | 'order' | 'subscription';

export interface SubgraphDefaults {
  /** Default HTTP port of the subgraph process. */
  port: number;
  /** Default internal port (metrics, readiness detail): never published. */
  internalPort: number;
  /** Its database (schema) name on the MySQL server; each subgraph owns exactly one. */
  database: string;
  /** Prefix of its environment variables: `${envPrefix}_PORT`, `${envPrefix}_URL`. */
  envPrefix: string;
}

export const SUBGRAPHS: Record<SubgraphName, SubgraphDefaults> = {
  account: { port: 4001, internalPort: 9401, database: 'account', envPrefix: 'ACCOUNT' },
  order: { port: 4002, internalPort: 9402, database: 'orders', envPrefix: 'ORDER' },
  subscription: { port: 4003, internalPort: 9403, database: 'subscriptions', envPrefix: 'SUBSCRIPTION' },
};
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];
export const GATEWAY_PORT = 4000;
/** The gateway's internal port: /metrics and readiness detail for operators, never published. */
export const GATEWAY_INTERNAL_PORT = 9400;

/** The web portal's origin (reset links; allowed to call the gateway from browsers). */
export const DEFAULT_PORTAL_URL = 'http://localhost:3000';
/** Apollo Studio, where Sandbox runs when opened from studio.apollographql.com rather than the gateway's own page. */
export const APOLLO_STUDIO_ORIGIN = 'https://studio.apollographql.com';

/** Settings of the account subgraph alone (A1, A3). */
const ACCOUNT_ENV = [
  'ACCESS_TOKEN_KEYS', 'REFRESH_TOKEN_DAYS', 'PASSWORD_MIN_LENGTH', 'PASSWORD_MAX_LENGTH', 'PASSWORD_HASH_LOG_N',
  'SIGN_IN_FREE_FAILURES', 'SIGN_IN_LOCK_AFTER', 'SIGN_IN_LOCK_AFTER_PER_ADDRESS', 'SIGN_IN_LOCK_MINUTES',
  'SMTP_URL', 'MAIL_FROM', 'PORTAL_URL', 'PASSWORD_RESET_MINUTES', 'SMS_WEBHOOK_URL', 'SMS_WEBHOOK_TOKEN',
  'GOOGLE_CLIENT_ID', 'GOOGLE_JWKS_URL', 'GOOGLE_ISSUER', 'APPLE_CLIENT_ID', 'APPLE_JWKS_URL', 'APPLE_ISSUER',
];

/** Settings of the order subgraph alone (O3–O13). */
const ORDER_ENV = [
  'SANCTIONED_COUNTRIES', 'PAYMENT_PROCESSOR', 'CARD_DIGEST_KEY', 'CHARGE_DESCRIPTOR', 'ORDER_TOKEN_KEYS',
  'SMTP_URL', 'MAIL_FROM', 'PASSWORD_HASH_LOG_N', 'CART_ABANDONED_DAYS', 'WIRE_TRANSFER_DAYS', 'FULFILMENT_SHIP_AFTER_BUSINESS_DAYS',
  'SELLER_NAME', 'SELLER_ADDRESS', 'SELLER_VAT_NUMBER', 'WIRE_BANK_NAME', 'WIRE_IBAN', 'WIRE_BIC',
  // After the sale (O8–O10, O13): Quick Order Lookup, forgotten order passwords, signed links to files.
  'ORDER_LOOKUP_FREE_FAILURES', 'ORDER_LOOKUP_LOCK_AFTER', 'ORDER_LOOKUP_LOCK_AFTER_PER_ADDRESS', 'ORDER_LOOKUP_LOCK_MINUTES',
  'PORTAL_URL', 'PASSWORD_RESET_MINUTES', 'PASSWORD_MIN_LENGTH', 'PASSWORD_MAX_LENGTH',
  'DOWNLOAD_URL_KEY', 'DOWNLOAD_LINK_MINUTES', 'FILE_STORAGE_DIR',
];

/** HTTP settings every process reads (kernel/http.ts, kernel/main.ts). */
const HTTP_ENV = ['KEEP_ALIVE_TIMEOUT_MS', 'SHUTDOWN_DELAY_MS', 'SHUTDOWN_TIMEOUT_MS'];

/** OpenTelemetry's standard variables that tracing reads (kernel/tracing.ts; the OTLP exporter reads the rest of OTEL_EXPORTER_OTLP_*). */
const TRACING_ENV = [
  'OTEL_SDK_DISABLED', 'OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_SERVICE_NAME', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG',
];

/** Environment variables each process reads (docker-compose.yml is checked against these). */
export const ENV = {
  /** scripts/migrate.ts: each subgraph's database and migrations, as a step of its own (docker-compose's `migrate`). */
  migrate: ['NODE_ENV', 'DATABASE_URL', 'LOG_LEVEL'],
  gateway: [
    'NODE_ENV', 'HOST', 'GATEWAY_PORT', 'GATEWAY_INTERNAL_PORT', 'GATEWAY_SECRET', 'ACCOUNT_URL', 'ORDER_URL', 'SUBSCRIPTION_URL',
    'LOG_LEVEL', 'TRUST_PROXY', 'CORS_ORIGINS', 'PORTAL_URL', 'SUBGRAPH_IDLE_TIMEOUT_MS', ...HTTP_ENV,
    // The gateway's own address as clients reach it: download and invoice links point there (O10, O13).
    'PUBLIC_URL',
    // What the gateway refuses before planning (gateway/operation-limits.ts, gateway/trusted-documents.ts).
    'OPERATION_MAX_DEPTH', 'OPERATION_MAX_ALIASES', 'OPERATION_MAX_DIRECTIVES', 'OPERATION_MAX_TOKENS', 'OPERATION_MAX_COST', 'OPERATION_LIST_SIZE',
    'TRUSTED_DOCUMENTS',
    // The offline explorer at /explorer (gateway/explorer.ts).
    'EXPLORER',
    ...TRACING_ENV,
  ],
  subgraph: (name: SubgraphName) => [
    'NODE_ENV', 'HOST', `${SUBGRAPHS[name].envPrefix}_PORT`, `${SUBGRAPHS[name].envPrefix}_INTERNAL_PORT`, 'DATABASE_URL', 'GATEWAY_SECRET', 'LOG_LEVEL',
    ...HTTP_ENV,
    // Event delivery reaches the other subgraphs directly.
    'ACCOUNT_URL', 'ORDER_URL', 'SUBSCRIPTION_URL',
    'BUSINESS_HOLIDAYS', 'OUTBOX_POLL_MS', 'JOBS_POLL_MS', 'SEED_DEMO', 'DATABASE_MIGRATIONS',
    ...TRACING_ENV,
    ...(name === 'account' ? ACCOUNT_ENV : []),
    ...(name === 'order' ? ORDER_ENV : []),
  ],
};

export type Env = Record<string, string | undefined>;

export function isProduction(env: Env = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/** An integer setting within bounds; a wrong value stops the process with one clear line. */
export function intFromEnv(env: Env, variable: string, fallback: number, min: number, max: number, what = 'an integer'): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new StartupError(`${variable}=${raw} is not ${what}: use an integer from ${min} to ${max}.`);
  }
  return value;
}

export function portFromEnv(env: Env, variable: string, fallback: number): number {
  return intFromEnv(env, variable, fallback, 0, 65535, 'a port number');
}

export function subgraphPort(name: SubgraphName, env: Env = process.env): number {
  return portFromEnv(env, `${SUBGRAPHS[name].envPrefix}_PORT`, SUBGRAPHS[name].port);
}

export function subgraphInternalPort(name: SubgraphName, env: Env = process.env): number {
  return portFromEnv(env, `${SUBGRAPHS[name].envPrefix}_INTERNAL_PORT`, SUBGRAPHS[name].internalPort);
}

/**
 * How long each server keeps an idle keep-alive connection open. Longer than the idle timeout
 * of whoever holds connections to it (the gateway's pool to a subgraph, a load balancer's
 * pool to the gateway: 60 s on AWS ALB), so a pooled connection is never closed under a
 * request the client is already sending on it.
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** The gateway's idle timeout for its connections to subgraphs: well below the subgraphs' keep-alive. */
export const DEFAULT_SUBGRAPH_IDLE_TIMEOUT_MS = 10_000;

export interface HttpSettings {
  keepAliveTimeoutMs: number;
  /** SIGTERM: how long readiness answers 503 (load balancers stop sending) before the listener closes. */
  shutdownDelayMs: number;
  /** SIGTERM: how long requests in flight may take to finish once the listener is closed. */
  shutdownTimeoutMs: number;
}

export function httpSettings(env: Env = process.env): HttpSettings {
  return {
    keepAliveTimeoutMs: intFromEnv(env, 'KEEP_ALIVE_TIMEOUT_MS', DEFAULT_KEEP_ALIVE_TIMEOUT_MS, 1000, 600_000),
    shutdownDelayMs: intFromEnv(env, 'SHUTDOWN_DELAY_MS', 0, 0, 300_000),
    shutdownTimeoutMs: intFromEnv(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
  };
}

/**
 * Origins whose pages may call the gateway from a browser (CORS): CORS_ORIGINS, a
 * comma-separated list of `scheme://host[:port]`, or by default the web portal (PORTAL_URL)
 * and Apollo Studio's Sandbox. `*` alone allows any origin, and then never with credentials.
 */
export function corsOrigins(env: Env = process.env): string[] | '*' {
  const raw = env.CORS_ORIGINS?.trim();
  const portal = env.PORTAL_URL?.trim() || DEFAULT_PORTAL_URL;
  const entries = raw ? raw.split(',').map((o) => o.trim()).filter(Boolean) : [portal, APOLLO_STUDIO_ORIGIN];
  if (entries.length === 1 && entries[0] === '*') return '*';
  return entries.map((entry) => {
    const variable = raw ? 'CORS_ORIGINS' : 'PORTAL_URL';
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new StartupError(`${variable} has "${entry}", which is not an origin: use scheme://host[:port], e.g. https://portal.example.com${variable === 'CORS_ORIGINS' ? ' (or * alone for any origin)' : ''}.`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (variable === 'CORS_ORIGINS' && url.origin !== entry.replace(/\/+$/, ''))) {
      throw new StartupError(`${variable} has "${entry}", which is not an origin: use scheme://host[:port] with no path, e.g. https://portal.example.com.`);
    }
    return url.origin;
  });
}

/** Where the gateway reaches a subgraph: `${PREFIX}_URL`, else localhost on its port. */
export function subgraphUrl(name: SubgraphName, env: Env = process.env): string {
  return env[`${SUBGRAPHS[name].envPrefix}_URL`] || `http://127.0.0.1:${subgraphPort(name, env)}/graphql`;
}

export type DatabaseConfig =
  | { kind: 'sqlite'; directory: string | ':memory:' }
  | {
      kind: 'mysql';
      host: string;
      port: number;
      user: string;
      password: string;
      databasePrefix: string;
      /**
       * `check` (DATABASE_MIGRATIONS=check): the database and its migrations are another step's
       * (scripts/migrate.ts, run by a user allowed DDL); the process creates nothing, refuses to
       * start while a migration is pending, and so needs only SELECT, INSERT, UPDATE and DELETE.
       * Unset: it creates its database when missing and runs its migrations itself.
       */
      migrations?: 'check';
    };

/** The embedded default lives here (git-ignored); DATA_DIR moves it. */
export const DEFAULT_DATA_DIR = process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : path.join(PROJECT_ROOT, '.data');

/**
 * DATABASE_URL unset: the embedded SQLite default, one file per subgraph under .data/.
 * DATABASE_URL=mysql://user:password@host:port: one MySQL server; each subgraph uses its own
 * database on it (account, orders, subscriptions), created when missing. A path in the URL is
 * not a database name but a prefix for all three, so one server can hold several graphs.
 */
export function databaseConfig(env: Env = process.env, dataDir = DEFAULT_DATA_DIR): DatabaseConfig {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return { kind: 'sqlite', directory: dataDir };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StartupError(
      `DATABASE_URL is not a valid URL: use mysql://user:password@host:3306, or unset it to use the embedded SQLite default.`,
    );
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new StartupError(
      `DATABASE_URL must start with mysql:// (got ${url.protocol}//): use mysql://user:password@host:3306, or unset it to use the embedded SQLite default.`,
    );
  }
  if (!url.hostname) throw new StartupError('DATABASE_URL has no host: use mysql://user:password@host:3306.');
  const port = url.port ? Number(url.port) : 3306;
  const prefix = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  if (prefix && !/^[A-Za-z0-9_]{1,40}$/.test(prefix)) {
    throw new StartupError(`DATABASE_URL path "${prefix}" is not a valid database name prefix: use letters, digits and _ only.`);
  }
  const migrations = env.DATABASE_MIGRATIONS?.trim() || 'run';
  if (migrations !== 'run' && migrations !== 'check') {
    throw new StartupError(`DATABASE_MIGRATIONS=${migrations} is not known: use run (the process migrates its database) or check (another step did; the process only checks).`);
  }
  return {
    kind: 'mysql',
    host: url.hostname,
    port,
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    databasePrefix: prefix ? `${prefix}_` : '',
    ...(migrations === 'check' ? { migrations } : {}),
  };
}

/** A URL safe to print: never the password. */
export function describeDatabase(config: DatabaseConfig): string {
  return config.kind === 'sqlite'
    ? `embedded SQLite in ${config.directory}`
    : `MySQL at ${config.user}@${config.host}:${config.port}${config.databasePrefix ? ` (databases prefixed ${config.databasePrefix})` : ''}`;
}

/**
 * PUBLIC_URL: where clients reach the gateway (scheme, host, port, and a path prefix if a proxy
 * adds one), e.g. https://api.shop.example. Links clients follow — downloads (O10) and invoice
 * PDFs (O13) — start with it. Unset outside production: the gateway's own listener. Production
 * must say it: the gateway cannot know the name clients use behind a load balancer.
 */
export function publicUrlFromEnv(env: Env = process.env): string | undefined {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) {
    if (isProduction(env)) throw new StartupError('PUBLIC_URL is not set: production needs the address clients reach the gateway at (e.g. https://api.shop.example); download and invoice links point there.');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StartupError(`PUBLIC_URL="${raw}" is not a URL: use scheme://host[:port][/prefix], e.g. https://api.shop.example.`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username) {
    throw new StartupError(`PUBLIC_URL="${raw}" must be an http(s) address without query, fragment or credentials, e.g. https://api.shop.example.`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
