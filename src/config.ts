import path from 'node:path';

/** Everything Latchkey reads from the environment, parsed once into one typed object. */
export interface Config {
  dataDir: string;
  database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
  httpHost: string;
  httpPort: number;
  externalUrl: string;
  rootPassword: string | null;
  /** Instance secret for token digests; null means "read or generate it in the data dir". */
  secret: string | null;
  tokenPrefix: string;
  allowTokenInQuery: boolean;
  requireTokenExpiry: boolean;
  maxTokenLifetimeDays: number | null;
  botRetentionDays: number;
  sshHost: string;
  sshPort: number;
  logLevel: string;
  /** Failed Basic/SSH/sign-in attempts per IP before a ban; maxFailures 0 disables the ban. */
  authBan: { maxFailures: number; windowSeconds: number; banSeconds: number };
  /** Proxy addresses whose X-Forwarded-For is believed, and that are never banned. */
  trustedProxies: string[];
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function trustedProxies(env: Env): string[] {
  const raw = read(env, 'LATCHKEY_TRUSTED_PROXIES');
  if (raw === undefined) return [];
  const list = raw.split(',').map((item) => item.trim()).filter(Boolean);
  const bad = list.find((item) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(item));
  if (bad) throw new ConfigError(`LATCHKEY_TRUSTED_PROXIES must list IP addresses or CIDR ranges, got "${bad}"`);
  return list;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const dataDir = path.resolve(cwd, read(env, 'LATCHKEY_DATA_DIR') ?? 'data');
  const databaseUrl = read(env, 'LATCHKEY_DATABASE_URL');
  let database: Config['database'];
  if (databaseUrl === undefined) {
    database = { dialect: 'sqlite', file: path.join(dataDir, 'latchkey.sqlite3') };
  } else if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    try {
      new URL(databaseUrl);
    } catch {
      throw new ConfigError('LATCHKEY_DATABASE_URL is not a valid postgres:// URL');
    }
    database = { dialect: 'postgres', url: databaseUrl };
  } else if (databaseUrl.startsWith('sqlite:')) {
    database = { dialect: 'sqlite', file: path.resolve(cwd, databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '')) };
  } else {
    throw new ConfigError('LATCHKEY_DATABASE_URL must start with postgres:// or sqlite:');
  }

  const httpHost = read(env, 'LATCHKEY_HTTP_HOST') ?? '127.0.0.1';
  const httpPort = integer(env, 'LATCHKEY_HTTP_PORT', 8080, 0, 65535);
  const externalRaw = read(env, 'LATCHKEY_EXTERNAL_URL') ?? `http://${httpHost.includes(':') ? `[${httpHost}]` : httpHost}:${httpPort}`;
  let externalUrl: string;
  try {
    const url = new URL(externalRaw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    externalUrl = url.toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`LATCHKEY_EXTERNAL_URL must be an http(s) URL, got "${externalRaw}"`);
  }

  const secret = read(env, 'LATCHKEY_SECRET') ?? null;
  if (secret !== null && secret.length < 32) {
    throw new ConfigError('LATCHKEY_SECRET must be at least 32 characters long');
  }
  const tokenPrefix = read(env, 'LATCHKEY_TOKEN_PREFIX') ?? 'glpat-';
  if (!/^[A-Za-z0-9_.-]{0,20}$/.test(tokenPrefix)) {
    throw new ConfigError('LATCHKEY_TOKEN_PREFIX may hold at most 20 of A-Z a-z 0-9 _ . -');
  }
  const maxLifetime = read(env, 'LATCHKEY_MAX_TOKEN_LIFETIME_DAYS');
  const rootPassword = env.LATCHKEY_ROOT_PASSWORD ? env.LATCHKEY_ROOT_PASSWORD : null;
  if (rootPassword !== null && rootPassword.length < 8) {
    throw new ConfigError('LATCHKEY_ROOT_PASSWORD must be at least 8 characters long');
  }

  return {
    dataDir,
    database,
    httpHost,
    httpPort,
    externalUrl,
    rootPassword,
    secret,
    tokenPrefix,
    allowTokenInQuery: boolean(env, 'LATCHKEY_ALLOW_TOKEN_IN_QUERY', true),
    requireTokenExpiry: boolean(env, 'LATCHKEY_REQUIRE_TOKEN_EXPIRY', false),
    maxTokenLifetimeDays:
      maxLifetime === undefined ? null : integer(env, 'LATCHKEY_MAX_TOKEN_LIFETIME_DAYS', 0, 1, 36500),
    botRetentionDays: integer(env, 'LATCHKEY_BOT_RETENTION_DAYS', 30, 0, 36500),
    sshHost: read(env, 'LATCHKEY_SSH_HOST') ?? '127.0.0.1',
    sshPort: integer(env, 'LATCHKEY_SSH_PORT', 2222, 0, 65535),
    logLevel: read(env, 'LATCHKEY_LOG_LEVEL') ?? 'info',
    authBan: {
      maxFailures: integer(env, 'LATCHKEY_AUTH_BAN_MAX_FAILURES', 30, 0, 1_000_000),
      windowSeconds: integer(env, 'LATCHKEY_AUTH_BAN_WINDOW_SECONDS', 180, 1, 86_400 * 30),
      banSeconds: integer(env, 'LATCHKEY_AUTH_BAN_SECONDS', 3600, 0, 86_400 * 365),
    },
    trustedProxies: trustedProxies(env),
  };
}
