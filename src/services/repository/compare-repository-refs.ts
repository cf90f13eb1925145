import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { diffCommits, mergeBase, type DiffResult } from '../../git/diff.ts';
import { logCommits, type LoggedCommit } from '../../git/log.ts';
import { isSafeRevision } from '../../git/ref-name.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from './repository-access.ts';

/** The most commits a comparison lists (the oldest ones beyond are left out). */
export const MAX_COMPARE_COMMITS = 1000;

export interface CompareView {
  fromId: string;
  toId: string;
  /** Oldest first, as GitLab lists them. */
  commits: LoggedCommit[];
  diff: DiffResult;
  same: boolean;
  projectPath: string;
}

async function refToCommit(repositoryDir: string, ref: string): Promise<string> {
  const commitId = isSafeRevision(ref) ? await resolveCommit(repositoryDir, ref) : null;
  if (commitId === null) throw notFound('Ref');
  return commitId;
}

/**
 * GET /projects/:id/repository/compare: the commits in `to` and not in `from`, and the diff from
 * their merge base to `to` (`straight`: from `from` itself).
 */
export async function compareRepositoryRefs(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; from: string; to: string; straight: boolean },
): Promise<CompareView> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const dir = repository.repositoryDir;
  const [fromId, toId] = [await refToCommit(dir, input.from), await refToCommit(dir, input.to)];
  const view = { fromId, toId, projectPath: fullPathOf(repository.context) };
  if (fromId === toId) return { ...view, commits: [], diff: { files: [], overflow: false }, same: true };
  const base = input.straight ? fromId : ((await mergeBase(dir, fromId, toId)) ?? fromId);
  const [newestFirst, diff] = await Promise.all([logCommits(dir, { revisions: [toId, `^${fromId}`], limit: MAX_COMPARE_COMMITS }), diffCommits(dir, base, toId)]);
  return { ...view, commits: newestFirst.reverse(), diff, same: false };
}
