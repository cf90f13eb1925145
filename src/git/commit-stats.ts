import { runGit } from './run-git.ts';

export interface CommitStats {
  additions: number;
  deletions: number;
  total: number;
}

/** Lines added and removed by a commit against its first parent (everything, for a root commit); binary files count 0. */
export async function readCommitStats(repositoryDir: string, sha: string): Promise<CommitStats> {
  const out = await runGit(['diff-tree', '-r', '--root', '--numstat', '--no-renames', '--no-commit-id', '-z', sha], { cwd: repositoryDir });
  let additions = 0;
  let deletions = 0;
  for (const record of out.toString('utf8').split('\0')) {
    const match = /^(\d+|-)\t(\d+|-)\t/.exec(record);
    if (!match) continue;
    additions += match[1] === '-' ? 0 : Number(match[1]);
    deletions += match[2] === '-' ? 0 : Number(match[2]);
  }
  return { additions, deletions, total: additions + deletions };
}
