import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The data dir holds the database, the instance secret, keys and every repository: only its owner
 * may enter it (0700), whatever the umask. An install made with a wider mode is tightened here,
 * at every start.
 */
export function makePrivateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

/**
 * Writes a file once, atomically: written under a temporary name, then hard-linked into place,
 * which fails if another process got there first. Either way every reader sees one whole file.
 */
export function createOnce(file: string, content: string, mode: number): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, content, { mode, flag: 'wx' });
  try {
    chmodSync(temporary, mode);
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * A value generated once into the data dir (mode 0600) and read back on every start, e.g. the
 * instance secret. Generated only when missing; nodes starting together agree on one value, and
 * none can read it half-written.
 */
export function readOrCreateSecretFile(dataDir: string, name: string, generate: () => string): string {
  const file = path.join(dataDir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  createOnce(file, `${generate()}\n`, 0o600);
  return readFileSync(file, 'utf8').trim();
}

export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** Writes a file only its owner may read (mode 0600, a leftover file of that name tightened too). */
export function writePrivateFile(dataDir: string, name: string, content: string): string {
  const file = path.join(dataDir, name);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600); // mode applies only to a new file
  return file;
}
