import { rejected } from '../../domain/errors.ts';
import type { Db } from '../../db/database.ts';
import { findOpenMergeRequestFor } from '../../db/repositories/merge-request-list.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isValidRefName } from '../../git/ref-name.ts';

const branchExists = async (repositoryDir: string, name: string): Promise<boolean> =>
  isValidRefName(name) && (await resolveCommit(repositoryDir, `refs/heads/${name}`)) !== null;

/**
 * What GitLab checks of a merge request's branches before it opens (or reopens) one: source and
 * target differ (422), both exist (422), and no other open merge request goes from the same source
 * into the same target (409, naming it).
 */
export async function checkMergeRequestBranches(
  db: Db,
  repositoryDir: string,
  input: { projectId: number; sourceBranch: string; targetBranch: string; ignoreId?: number },
): Promise<void> {
  if (input.sourceBranch === input.targetBranch) throw rejected(["You can't use same project/branch for source and target"], 422);
  if (!(await branchExists(repositoryDir, input.sourceBranch))) throw rejected([`Source branch "${input.sourceBranch}" does not exist`], 422);
  if (!(await branchExists(repositoryDir, input.targetBranch))) throw rejected([`Target branch "${input.targetBranch}" does not exist`], 422);
  const other = await findOpenMergeRequestFor(db, input.projectId, input.sourceBranch, input.targetBranch);
  if (other && other.id !== input.ignoreId) {
    throw rejected([`Another open merge request already exists for this source branch: !${other.iid}`], 409);
  }
}
