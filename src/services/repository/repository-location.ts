import { notFound } from '../../domain/errors.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isGitFilePath } from '../../git/file-path.ts';
import { splitRefAndPath } from '../../git/ref-path.ts';
import { readRefs } from '../../git/refs.ts';

/** Where a web page of the repository stands: the ref as the URL named it, the path in it, the commit. */
export interface RepositoryLocation {
  ref: string;
  path: string;
  commitId: string;
}

/**
 * A web URL's `<ref>/<path>` tail (`feature/x/src/a.ts`) read against the repository: the ref
 * must name a commit and the path be a valid path, else "not found", as GitLab's pages answer.
 */
export async function locateInRepository(repositoryDir: string, refAndPath: string, fallbackRef: string): Promise<RepositoryLocation> {
  const split = refAndPath.replace(/^\/+/, '') === '' ? { ref: fallbackRef, path: '' } : await splitRefAndPath(repositoryDir, refAndPath);
  if (split === null) throw notFound('Tree');
  if (split.path !== '' && !isGitFilePath(split.path)) throw notFound('File');
  const commitId = await resolveCommit(repositoryDir, split.ref);
  if (commitId === null) throw notFound('Commit');
  return { ...split, commitId };
}

/** Branch and tag names for a ref switcher, each list sorted and capped. */
export async function refNames(repositoryDir: string, max: number): Promise<{ branches: string[]; tags: string[]; truncated: boolean }> {
  const branches: string[] = [];
  const tags: string[] = [];
  for (const name of (await readRefs(repositoryDir)).keys()) {
    if (name.startsWith('refs/heads/')) branches.push(name.slice(11));
    else if (name.startsWith('refs/tags/')) tags.push(name.slice(10));
  }
  branches.sort();
  tags.sort();
  return { branches: branches.slice(0, max), tags: tags.slice(0, max), truncated: branches.length > max || tags.length > max };
}
