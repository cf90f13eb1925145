import { runGit } from './run-git.ts';

/** refname → object id, for branches and tags. */
export type RefSnapshot = Map<string, string>;

export async function readRefs(repositoryDir: string): Promise<RefSnapshot> {
  const out = await runGit(['for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads', 'refs/tags'], { cwd: repositoryDir });
  const refs: RefSnapshot = new Map();
  for (const line of out.toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) refs.set(line.slice(space + 1), line.slice(0, space));
  }
  return refs;
}

export interface RefChange {
  ref: string;
  before: string | null;
  after: string | null;
}

/** Commits reachable from `tip` and from none of `excluded` (the refs as they were before a push). */
export async function countNewCommits(repositoryDir: string, tip: string, excluded: Iterable<string>): Promise<number> {
  const lines = [tip, ...[...new Set(excluded)].map((sha) => `^${sha}`)];
  const out = await runGit(['rev-list', '--count', '--stdin'], { cwd: repositoryDir, input: `${lines.join('\n')}\n` });
  return Number(out.toString('utf8').trim()) || 0;
}

/** The first line of the commit a ref points at (tags are peeled). */
export async function commitTitle(repositoryDir: string, sha: string): Promise<string | null> {
  try {
    const out = await runGit(['log', '-1', '--format=%s', `${sha}^{commit}`, '--'], { cwd: repositoryDir, maxBytes: 64 * 1024 });
    return out.toString('utf8').trim();
  } catch {
    return null;
  }
}
