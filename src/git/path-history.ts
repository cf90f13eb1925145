import { runGit } from './run-git.ts';

/** The last commit reachable from `commit` that changed `filePath` (GitLab's `last_commit_id`); null when none did. */
export async function lastCommitForPath(repositoryDir: string, commit: string, filePath: string): Promise<string | null> {
  const out = await runGit(['log', '-1', '--format=%H', commit, '--', filePath], { cwd: repositoryDir, env: { GIT_LITERAL_PATHSPECS: '1' } });
  return out.toString('utf8').trim() || null;
}
