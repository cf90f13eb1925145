import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A value generated once into the data dir (mode 0600) and read back on every start, e.g. the
 * instance secret. `wx` makes concurrent first starts agree on one value.
 */
export function readOrCreateSecretFile(dataDir: string, name: string, generate: () => string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, name);
  try {
    writeFileSync(file, `${generate()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

export const randomSecret = (): string => randomBytes(32).toString('base64url');
