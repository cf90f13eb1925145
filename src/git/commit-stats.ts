import { runGit } from './run-git.ts';

export interface CommitStats {
  additions: number;
  deletions: number;
  total: number;
}

/**
 * Lines added and removed by each commit against its first parent (a root commit against the
 * empty tree), as GitLab's `stats`; binary files count no lines. One git process for all of them.
 */
export async function commitStats(repositoryDir: string, commitIds: string[]): Promise<Map<string, CommitStats>> {
  const stats = new Map<string, CommitStats>(commitIds.map((id) => [id, { additions: 0, deletions: 0, total: 0 }]));
  if (commitIds.length === 0) return stats;
  const out = await runGit(['diff-tree', '--stdin', '-r', '--root', '--numstat', '-z', '--diff-merges=first-parent', '--no-renames'], {
    cwd: repositoryDir,
    input: `${commitIds.join('\n')}\n`,
    maxBytes: 64 * 1024 * 1024,
  });
  let current: CommitStats | undefined;
  for (const token of out.toString('utf8').split('\0')) {
    if (/^[0-9a-f]{40,64}$/.test(token)) {
      current = stats.get(token);
      continue;
    }
    const match = /^(\d+|-)\t(\d+|-)\t/.exec(token);
    if (!match || !current) continue;
    const added = match[1] === '-' ? 0 : Number(match[1]);
    const deleted = match[2] === '-' ? 0 : Number(match[2]);
    current.additions += added;
    current.deletions += deleted;
    current.total += added + deleted;
  }
  return stats;
}

/** One commit's stats (see commitStats). */
export async function readCommitStats(repositoryDir: string, sha: string): Promise<CommitStats> {
  return (await commitStats(repositoryDir, [sha])).get(sha)!;
}
