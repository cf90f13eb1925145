import { GitCommandError, runGit } from './run-git.ts';

/** Whether `ancestor` is reachable from `descendant` (moving a ref from one to the other is not a force push). */
export async function isAncestor(repositoryDir: string, ancestor: string, descendant: string): Promise<boolean> {
  try {
    await runGit(['merge-base', '--is-ancestor', '--end-of-options', ancestor, descendant], { cwd: repositoryDir });
    return true;
  } catch (error) {
    if (error instanceof GitCommandError && error.exitCode === 1) return false;
    throw error;
  }
}
