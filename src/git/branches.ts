import { runGit } from './run-git.ts';

export interface GitCommit {
  id: string;
  parentIds: string[];
  authorName: string;
  authorEmail: string;
  authoredDate: string;
  committerName: string;
  committerEmail: string;
  committedDate: string;
  title: string;
  message: string;
}

export interface GitBranch {
  name: string;
  commit: GitCommit;
}

const FIELDS = [
  '%(refname:lstrip=2)',
  '%(objectname)',
  '%(parent)',
  '%(authorname)',
  '%(authoremail:trim)',
  '%(authordate:iso-strict)',
  '%(committername)',
  '%(committeremail:trim)',
  '%(committerdate:iso-strict)',
  '%(contents:subject)',
  '%(contents)',
];
const UNIT = '\x1f';
const RECORD = '\x1e';

/** Every branch with its head commit, by name. An empty repository has none. */
export async function listBranches(repositoryDir: string): Promise<GitBranch[]> {
  const format = `${FIELDS.join('%1f')}%1e`;
  const out = await runGit(['for-each-ref', `--format=${format}`, '--sort=refname', 'refs/heads'], { cwd: repositoryDir });
  const branches: GitBranch[] = [];
  for (const record of out.toString('utf8').split(RECORD)) {
    const fields = record.replace(/^\n/, '').split(UNIT);
    if (fields.length !== FIELDS.length) continue;
    const [name, id, parents, authorName, authorEmail, authoredDate, committerName, committerEmail, committedDate, title, message] =
      fields as [string, string, string, string, string, string, string, string, string, string, string];
    branches.push({
      name,
      commit: {
        id,
        parentIds: parents.split(' ').filter(Boolean),
        authorName,
        authorEmail,
        authoredDate,
        committerName,
        committerEmail,
        committedDate,
        title,
        message,
      },
    });
  }
  return branches;
}
