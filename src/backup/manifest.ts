/**
 * What a backup archive holds and how its members are named: the manifest's shape, and the one
 * check every member name passes before a restore reads it. Pure: no I/O.
 */

export const BACKUP_FORMAT = 'latchkey-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_MEMBER = 'manifest.json';

/** The data dir's files a restore needs, by archive name → path under the data dir. */
export const INSTANCE_FILES: Readonly<Record<string, string>> = {
  'instance/secret': 'secret',
  'instance/ssh_host_ed25519_key': 'ssh_host_ed25519_key',
  'instance/registry/token-signing.key': 'registry/token-signing.key',
  'instance/registry/token-signing.crt': 'registry/token-signing.crt',
};

export interface TableDump {
  name: string;
  /** The archive member holding its rows, one JSON object a line. */
  member: string;
  rows: number;
  /** The highest id the table's sequence had handed out (SQLite's sqlite_sequence, PostgreSQL's serial), if any. */
  sequence: number | null;
}

export interface RepositoryDump {
  projectId: number;
  /** HEAD's symbolic ref, e.g. refs/heads/main. */
  head: string;
  /** The `git bundle` member, or null for a repository without commits (or one gone during the backup). */
  member: string | null;
}

export interface MemberDigest {
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: typeof BACKUP_FORMAT_VERSION;
  latchkeyVersion: string;
  createdAt: string;
  /** The dialect the database was read from (a restore may write the other). */
  dialect: 'sqlite' | 'postgres';
  /** The name of the latest migration the database had: the schema the rows belong to. */
  schemaVersion: string;
  /** In foreign-key order: a table comes after every table it refers to. */
  tables: TableDump[];
  repositories: RepositoryDump[];
  /** Every member but the manifest itself, with its size and sha256. */
  members: Record<string, MemberDigest>;
}

export const tableMember = (index: number, table: string): string => `database/${String(index).padStart(3, '0')}-${table}.ndjson`;
export const bundleMember = (projectId: number): string => `repositories/${projectId}.bundle`;
export const REGISTRY_STORAGE_PREFIX = 'registry-storage/';

const TABLE_MEMBER = /^database\/\d{3}-[a-z_][a-z0-9_]{0,62}\.ndjson$/;
const BUNDLE_MEMBER = /^repositories\/[1-9]\d{0,15}\.bundle$/;
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._:+=@-]{0,254}$/;

/** The kind of a member by its name, or null for a name no Latchkey archive holds (refused). */
export function memberKind(name: string): 'table' | 'bundle' | 'instance' | 'registry' | 'manifest' | null {
  if (name === MANIFEST_MEMBER) return 'manifest';
  if (TABLE_MEMBER.test(name)) return 'table';
  if (BUNDLE_MEMBER.test(name)) return 'bundle';
  if (Object.hasOwn(INSTANCE_FILES, name)) return 'instance';
  if (name.startsWith(REGISTRY_STORAGE_PREFIX)) {
    const segments = name.slice(REGISTRY_STORAGE_PREFIX.length).split('/');
    if (segments.length > 0 && segments.length <= 64 && segments.every((s) => SAFE_SEGMENT.test(s) && s !== '.' && s !== '..')) return 'registry';
  }
  return null;
}

export class ManifestError extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ManifestError(message);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses and checks a manifest's shape; what it promises about members is checked against the archive. */
export function parseManifest(text: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ManifestError('manifest.json is not valid JSON');
  }
  const m = raw as Manifest;
  check(m && typeof m === 'object', 'manifest.json is not an object');
  check(m.format === BACKUP_FORMAT, 'manifest.json does not describe a Latchkey backup');
  check(m.formatVersion === BACKUP_FORMAT_VERSION, `manifest.json has format version ${String(m.formatVersion)}, this Latchkey reads ${BACKUP_FORMAT_VERSION}`);
  check(m.dialect === 'sqlite' || m.dialect === 'postgres', 'manifest.json names no known dialect');
  check(typeof m.schemaVersion === 'string' && m.schemaVersion.length > 0, 'manifest.json has no schema version');
  check(typeof m.latchkeyVersion === 'string' && typeof m.createdAt === 'string', 'manifest.json has no version or date');
  check(m.members && typeof m.members === 'object' && !Array.isArray(m.members), 'manifest.json lists no members');
  for (const [name, digest] of Object.entries(m.members)) {
    const kind = memberKind(name);
    check(kind !== null && kind !== 'manifest', `manifest.json lists an unknown member ${JSON.stringify(name)}`);
    check(digest && isCount(digest.size) && typeof digest.sha256 === 'string' && /^[0-9a-f]{64}$/.test(digest.sha256), `manifest.json has no valid checksum for ${name}`);
  }
  check(Array.isArray(m.tables) && Array.isArray(m.repositories), 'manifest.json lists no tables or repositories');
  const tables = new Set<string>();
  for (const table of m.tables) {
    check(typeof table.name === 'string' && /^[a-z_][a-z0-9_]{0,62}$/.test(table.name) && !tables.has(table.name), 'manifest.json lists an invalid table');
    tables.add(table.name);
    check(memberKind(table.member) === 'table' && Object.hasOwn(m.members, table.member), `manifest.json's table ${table.name} has no member`);
    check(isCount(table.rows) && (table.sequence === null || isCount(table.sequence)), `manifest.json's table ${table.name} has invalid counts`);
  }
  const projects = new Set<number>();
  for (const repo of m.repositories) {
    check(isCount(repo.projectId) && repo.projectId > 0 && !projects.has(repo.projectId), 'manifest.json lists an invalid repository');
    projects.add(repo.projectId);
    check(typeof repo.head === 'string' && /^refs\/heads\/[^\s\0]{1,255}$/.test(repo.head) && !repo.head.includes('..'), `manifest.json's repository ${repo.projectId} has an invalid HEAD`);
    check(repo.member === null || (repo.member === bundleMember(repo.projectId) && Object.hasOwn(m.members, repo.member)), `manifest.json's repository ${repo.projectId} has no member`);
  }
  return m;
}
