import path from 'node:path';
import { normalizeAllowedIp } from './domain/ip-allowlist.ts';

/** Everything Latchkey reads from the environment, parsed once into one typed object. */
export interface Config {
  dataDir: string;
  database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
  httpHost: string;
  httpPort: number;
  externalUrl: string;
  /** How many hot reads (tokens, projects, memberships) a node keeps in memory; 0 keeps none. */
  readCacheEntries: number;
  /** The external URL's host name (SSH URLs, the ghost and bot users' email domain). */
  externalHost: string;
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
  /** The container registry (Distribution) that uses Latchkey as its token service. */
  registry: RegistryConfig;
  /** Deliver webhooks to loopback, link-local and private addresses (refused by default: SSRF). */
  allowLocalWebhooks: boolean;
  /** Outgoing mail (expiry notices): null url means no mail is sent. */
  mail: { smtpUrl: string | null; from: string };
  /** Days a token's activity is kept; 0 records none. */
  tokenActivityDays: number;
  /** Refuse pushes and API commits that contain an active token of this instance. */
  pushProtection: boolean;
  /** Who may read GET /-/metrics: these addresses and ranges (normalized), or a caller with the bearer token. */
  metrics: { allowedIps: string[]; token: string | null };
}

export interface RegistryConfig {
  /** off: no registry; embedded: Latchkey runs `docker-registry` itself; external: it runs elsewhere. */
  mode: 'off' | 'embedded' | 'external';
  /** host:port the embedded registry listens on (also written by `latchkey registry config`). */
  addr: string;
  /** host[:port] clients push to (container_registry_image_prefix); null when mode is off. */
  host: string | null;
  /** Where Latchkey itself reaches the registry's HTTP API (to delete images); null when mode is off. */
  apiUrl: string | null;
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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A host name or IP address to listen on (IPv6 with or without brackets). */
function host(env: Env, name: string, fallback: string): string {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const bare = raw.replace(/^\[(.*)\]$/, '$1');
  if (!/^[A-Za-z0-9.-]{1,253}$/.test(bare) && !/^[0-9A-Fa-f:.]{2,45}$/.test(bare)) {
    throw new ConfigError(`${name} must be a host name or an IP address, got "${raw}"`);
  }
  return bare;
}

function trustedProxies(env: Env): string[] {
  const raw = read(env, 'LATCHKEY_TRUSTED_PROXIES');
  if (raw === undefined) return [];
  const list = raw.split(',').map((item) => item.trim()).filter(Boolean);
  const bad = list.find((item) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(item));
  if (bad) throw new ConfigError(`LATCHKEY_TRUSTED_PROXIES must list IP addresses or CIDR ranges, got "${bad}"`);
  return list;
}

function registry(env: Env, externalUrl: string): RegistryConfig {
  const addr = read(env, 'LATCHKEY_REGISTRY_ADDR') ?? '127.0.0.1:5000';
  const addrMatch = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(addr);
  if (!addrMatch || Number(addrMatch[2]) < 1 || Number(addrMatch[2]) > 65535) {
    throw new ConfigError(`LATCHKEY_REGISTRY_ADDR must be host:port, got "${addr}"`);
  }
  const urlRaw = read(env, 'LATCHKEY_REGISTRY_URL');
  let urlHost: string | null = null;
  let urlOrigin: string | null = null;
  if (urlRaw !== undefined) {
    try {
      const url = new URL(urlRaw);
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.replace(/\/$/, '') !== '') throw new Error();
      urlHost = url.host;
      urlOrigin = url.origin;
    } catch {
      throw new ConfigError(`LATCHKEY_REGISTRY_URL must be an http(s) URL without a path, got "${urlRaw}"`);
    }
  }
  const modeRaw = read(env, 'LATCHKEY_REGISTRY')?.toLowerCase() ?? (urlHost === null ? 'off' : 'external');
  if (modeRaw !== 'off' && modeRaw !== 'embedded' && modeRaw !== 'external') {
    throw new ConfigError(`LATCHKEY_REGISTRY must be embedded, external or off, got "${modeRaw}"`);
  }
  if (modeRaw === 'external' && urlHost === null) {
    throw new ConfigError('LATCHKEY_REGISTRY=external needs LATCHKEY_REGISTRY_URL');
  }
  let host: string | null = null;
  let apiUrl: string | null = null;
  if (modeRaw !== 'off') {
    // An embedded registry on a wildcard address is reached at Latchkey's own host name.
    const [, addrHost, addrPort] = addrMatch;
    const wildcard = addrHost === '0.0.0.0' || addrHost === '[::]';
    host = urlHost ?? (wildcard ? `${new URL(externalUrl).hostname}:${addrPort}` : addr);
    // Latchkey talks to an embedded registry on its listen address (loopback for a wildcard one).
    const loopback = addrHost === '[::]' ? '[::1]' : '127.0.0.1';
    apiUrl = modeRaw === 'embedded' ? `http://${wildcard ? `${loopback}:${addrPort}` : addr}` : urlOrigin;
  }
  return { mode: modeRaw, addr, host, apiUrl };
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
    const file = databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file.trim() === '') throw new ConfigError('LATCHKEY_DATABASE_URL=sqlite: needs a file path, e.g. sqlite:data/latchkey.sqlite3');
    database = { dialect: 'sqlite', file: path.resolve(cwd, file) };
  } else {
    throw new ConfigError('LATCHKEY_DATABASE_URL must start with postgres:// or sqlite:');
  }

  const httpHost = host(env, 'LATCHKEY_HTTP_HOST', '127.0.0.1');
  const httpPort = integer(env, 'LATCHKEY_HTTP_PORT', 8080, 0, 65535);
  const externalRaw = read(env, 'LATCHKEY_EXTERNAL_URL') ?? `http://${httpHost.includes(':') ? `[${httpHost}]` : httpHost}:${httpPort}`;
  let externalUrl: string;
  try {
    const url = new URL(externalRaw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    if (url.username || url.password || url.search || url.hash) throw new Error();
    externalUrl = url.toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`LATCHKEY_EXTERNAL_URL must be an http(s) URL without credentials, query or fragment, got "${externalRaw}"`);
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
  if (rootPassword !== null && (rootPassword.length < 8 || rootPassword.length > 128)) {
    throw new ConfigError('LATCHKEY_ROOT_PASSWORD must be 8 to 128 characters long');
  }
  const logLevel = read(env, 'LATCHKEY_LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LATCHKEY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  return {
    dataDir,
    database,
    httpHost,
    httpPort,
    externalUrl,
    externalHost: new URL(externalUrl).hostname,
    rootPassword,
    secret,
    tokenPrefix,
    allowTokenInQuery: boolean(env, 'LATCHKEY_ALLOW_TOKEN_IN_QUERY', true),
    requireTokenExpiry: boolean(env, 'LATCHKEY_REQUIRE_TOKEN_EXPIRY', false),
    maxTokenLifetimeDays:
      maxLifetime === undefined ? null : integer(env, 'LATCHKEY_MAX_TOKEN_LIFETIME_DAYS', 0, 1, 36500),
    botRetentionDays: integer(env, 'LATCHKEY_BOT_RETENTION_DAYS', 30, 0, 36500),
    sshHost: host(env, 'LATCHKEY_SSH_HOST', '127.0.0.1'),
    sshPort: integer(env, 'LATCHKEY_SSH_PORT', 2222, 0, 65535),
    logLevel,
    readCacheEntries: integer(env, 'LATCHKEY_READ_CACHE_ENTRIES', 20_000, 0, 10_000_000),
    authBan: {
      maxFailures: integer(env, 'LATCHKEY_AUTH_BAN_MAX_FAILURES', 30, 0, 1_000_000),
      windowSeconds: integer(env, 'LATCHKEY_AUTH_BAN_WINDOW_SECONDS', 180, 1, 86_400 * 30),
      banSeconds: integer(env, 'LATCHKEY_AUTH_BAN_SECONDS', 3600, 0, 86_400 * 365),
    },
    trustedProxies: trustedProxies(env),
    registry: registry(env, externalUrl),
    allowLocalWebhooks: boolean(env, 'LATCHKEY_ALLOW_LOCAL_WEBHOOKS', false),
    mail: mail(env, new URL(externalUrl).hostname),
    tokenActivityDays: integer(env, 'LATCHKEY_TOKEN_ACTIVITY_DAYS', 90, 0, 36500),
    pushProtection: boolean(env, 'LATCHKEY_PUSH_PROTECTION', true),
    metrics: metrics(env),
  };
}

/** The metrics endpoint's guard: loopback only unless told otherwise (GitLab's monitoring allowlist). */
function metrics(env: Env): Config['metrics'] {
  const raw = read(env, 'LATCHKEY_METRICS_ALLOWED_IPS');
  const allowedIps = (raw ?? '127.0.0.1,::1').split(',').map((item) => item.trim()).filter(Boolean).map((item) => {
    const normalized = normalizeAllowedIp(item);
    if (normalized === null) throw new ConfigError(`LATCHKEY_METRICS_ALLOWED_IPS must list IP addresses or CIDR ranges, got "${item}"`);
    return normalized;
  });
  const token = read(env, 'LATCHKEY_METRICS_TOKEN') ?? null;
  // Never echo the token.
  if (token !== null && (token.length < 16 || /\s/.test(token))) throw new ConfigError('LATCHKEY_METRICS_TOKEN must be at least 16 characters, without spaces');
  return { allowedIps, token };
}

function mail(env: Env, externalHost: string): Config['mail'] {
  const smtpUrl = read(env, 'LATCHKEY_SMTP_URL') ?? null;
  if (smtpUrl !== null) {
    let protocol: string;
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      protocol = '';
    }
    // Never echo the URL: it may hold the SMTP password.
    if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new ConfigError('LATCHKEY_SMTP_URL must be an smtp:// or smtps:// URL');
  }
  const from = read(env, 'LATCHKEY_MAIL_FROM') ?? `Latchkey <latchkey@${externalHost}>`;
  if (/[\r\n]/.test(from) || !/@/.test(from)) throw new ConfigError(`LATCHKEY_MAIL_FROM must be one mail address (optionally "Name <address>"), got "${from}"`);
  return { smtpUrl, from };
}
