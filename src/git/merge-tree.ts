import { GitCommandError, runGit, runGitForResult } from './run-git.ts';

export interface MergeTreeResult {
  /** The tree of the merged result (with conflict markers in conflicted files). */
  tree: string;
  /** The paths that conflict, in git's order; empty for a clean merge. */
  conflicts: string[];
}

/**
 * Merges two commits without a working tree (`git merge-tree --write-tree`, git ≥ 2.38): the
 * merged tree and the conflicting paths. Nothing is written but objects; no ref moves.
 */
export async function mergeTree(repositoryDir: string, ours: string, theirs: string): Promise<MergeTreeResult> {
  const args = ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', '--end-of-options', ours, theirs];
  const result = await runGitForResult(args, { cwd: repositoryDir });
  // 0: clean, 1: conflicts; anything else (unrelated histories are allowed by neither) is an error.
  if (result.exitCode !== 0 && result.exitCode !== 1) throw new GitCommandError(args, result.exitCode, result.stderr);
  const [tree, ...rest] = result.stdout.toString('utf8').split('\0');
  const conflicts = [...new Set(rest.filter(Boolean))];
  return { tree: tree!.trim(), conflicts: result.exitCode === 1 ? conflicts : [] };
}

/** The best common ancestor of two commits, or null when their histories share none. */
export async function mergeBase(repositoryDir: string, a: string, b: string): Promise<string | null> {
  try {
    return (await runGit(['merge-base', '--end-of-options', a, b], { cwd: repositoryDir })).toString('utf8').trim() || null;
  } catch (error) {
    if (error instanceof GitCommandError && error.exitCode === 1) return null;
    throw error;
  }
}
