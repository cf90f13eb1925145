import { createHash } from 'node:crypto';
import path from 'node:path';

/** `<data>/repositories/@hashed/ab/cd/<sha256(id)>.git`: renames never move a repository. */
export function repositoryPath(dataDir: string, projectId: number): string {
  const hash = createHash('sha256').update(String(projectId)).digest('hex');
  return path.join(dataDir, 'repositories', '@hashed', hash.slice(0, 2), hash.slice(2, 4), `${hash}.git`);
}
