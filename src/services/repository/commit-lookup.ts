import { notFound } from '../../domain/errors.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isSafeRevision } from '../../git/ref-name.ts';

/** The commit a caller's `sha` names (a commit id, a branch or a tag); 404 Commit Not Found when none. */
export async function findCommitId(repositoryDir: string, sha: string): Promise<string> {
  const commitId = isSafeRevision(sha) ? await resolveCommit(repositoryDir, sha) : null;
  if (commitId === null) throw notFound('Commit');
  return commitId;
}
