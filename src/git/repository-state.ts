import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Whether a bare repository has a branch (GitLab's `empty_repo` is the opposite): a loose ref
 * under refs/heads or a packed one. Read from the files git keeps, without starting git, so a
 * project's API answer costs no process.
 */
export async function hasBranch(repositoryDir: string): Promise<boolean> {
  if (await hasLooseRef(path.join(repositoryDir, 'refs', 'heads'))) return true;
  const packed = await readFile(path.join(repositoryDir, 'packed-refs'), 'utf8').catch(() => '');
  return /^[0-9a-f]{40,64} refs\/heads\//m.test(packed);
}

async function hasLooseRef(dir: string): Promise<boolean> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile() && !entry.name.endsWith('.lock')) return true;
    if (entry.isDirectory() && (await hasLooseRef(path.join(dir, entry.name)))) return true;
  }
  return false;
}
