import type { GitCommit } from './branches.ts';
import { runGit } from './run-git.ts';

const FORMAT = ['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%s', '%B'].join('%x1f');

/** Parses one commit printed with FORMAT. */
function parseCommit(record: string): GitCommit | null {
  const fields = record.split('\x1f');
  if (fields.length !== 10) return null;
  const [id, parents, authorName, authorEmail, authoredDate, committerName, committerEmail, committedDate, title, message] = fields as [
    string, string, string, string, string, string, string, string, string, string,
  ];
  return { id, parentIds: parents.split(' ').filter(Boolean), authorName, authorEmail, authoredDate, committerName, committerEmail, committedDate, title, message };
}

/** One commit by its full id (or any revision naming a commit); null when there is none. */
export async function readCommit(repositoryDir: string, sha: string): Promise<GitCommit | null> {
  if (!/^[0-9a-f]{4,64}$/i.test(sha)) return null;
  try {
    const out = await runGit(['log', '-1', '-z', `--format=${FORMAT}`, `${sha}^{commit}`, '--'], { cwd: repositoryDir, maxBytes: 4 * 1024 * 1024 });
    return parseCommit(out.toString('utf8').replace(/\0$/, ''));
  } catch {
    return null;
  }
}
