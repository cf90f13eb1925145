import type { Principal } from '../../domain/principal.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { diffCommits, type DiffResult } from '../../git/diff.ts';
import { logCommits, type LoggedCommit } from '../../git/log.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findMergeRequestInProject, type MergeRequestContext } from './merge-request-context.ts';

/** The most commits a merge request's commits page lists (GitLab's limit too). */
export const MAX_MERGE_REQUEST_COMMITS = 1000;

export interface MergeRequestChanges extends MergeRequestContext {
  /** Newest first, as GitLab's Commits tab lists them; empty when the commits are gone. */
  commits: LoggedCommit[];
  /** From the merge base to the source head; null when the commits are gone from the repository. */
  diff: DiffResult | null;
  author: UserRow | undefined;
}

const exists = async (dir: string, sha: string | null): Promise<boolean> => sha !== null && (await resolveCommit(dir, sha)) === sha;

/**
 * A merge request's commits (the source head back to where it left the target) and its changes
 * (merge base → head, GitLab's diff_refs): whoever may read the merge request.
 */
export async function readMergeRequestChanges(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number }): Promise<MergeRequestChanges> {
  const found = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  const { repositoryDir, mergeRequest: mr } = found;
  const head = mr.head_sha;
  const author = await findUserById(deps.db, mr.author_id);
  if (head === null || !(await exists(repositoryDir, head))) return { ...found, author, commits: [], diff: null };
  const base = (await exists(repositoryDir, mr.base_sha)) ? mr.base_sha : null;
  const [commits, diff] = await Promise.all([
    logCommits(repositoryDir, { revisions: base === null ? [head] : [head, `^${base}`], limit: MAX_MERGE_REQUEST_COMMITS }),
    diffCommits(repositoryDir, base, head),
  ]);
  return { ...found, author, commits, diff };
}
