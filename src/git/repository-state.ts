import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';

/**
 * Whether a bare repository has a branch (GitLab's `empty_repo` is the opposite): a loose ref
 * under refs/heads or a packed one. Read from the files git keeps, without starting git, so a
 * project's API answer costs no process.
 *
 * Synchronous on purpose: a directory listing of refs/heads and at most one small file take
 * microseconds, while the promise versions each wait for a libuv thread-pool slot (shared with
 * crypto and every other fs call), which under load left GET /projects/:id idle most of its time.
 * Still returns a promise, so callers keep their shape.
 */
export async function hasBranch(repositoryDir: string): Promise<boolean> {
  if (hasLooseRef(path.join(repositoryDir, 'refs', 'heads'))) return true;
  const packedRefs = path.join(repositoryDir, 'packed-refs');
  // existsSync first: a missing file (the common case) costs no thrown error.
  if (!existsSync(packedRefs)) return false;
  let packed = '';
  try {
    packed = readFileSync(packedRefs, 'utf8');
  } catch {
    return false;
  }
  return /^[0-9a-f]{40,64} refs\/heads\//m.test(packed);
}

function hasLooseRef(dir: string): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (entry.isFile() && !entry.name.endsWith('.lock')) return true;
    if (entry.isDirectory() && hasLooseRef(path.join(dir, entry.name))) return true;
  }
  return false;
}
