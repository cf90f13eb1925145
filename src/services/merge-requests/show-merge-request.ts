import type { Principal } from '../../domain/principal.ts';
import { latestJobsCoverage, latestPipelineFor } from '../../db/repositories/pipelines.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { MergeRequestRow, PipelineRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { diffCommits, DIFF_LIMITS } from '../../git/diff.ts';
import { countNewCommits } from '../../git/refs.ts';
import { mayMergeInto } from './merge-rights.ts';
import type { MergeRequestContext } from './merge-request-context.ts';
import { loadMergeRequestView, type MergeRequestView } from './merge-request-view.ts';

/** One merge request as GitLab's MergeRequest entity shows it: the row, its people and labels, and what git says of it. */
export interface MergeRequestShown {
  mergeRequest: MergeRequestRow;
  view: MergeRequestView;
  /** Files changed from the merge base to the source head (GitLab's string, "1000+" past the limit), null when unknown. */
  changesCount: string | null;
  canMerge: boolean;
  divergedCommitsCount?: number;
  rebaseInProgress?: boolean;
  /** The newest pipeline of the source head on the source branch (GitLab's head_pipeline), with what its entity shows. */
  headPipeline: { pipeline: PipelineRow; user: UserRow | undefined; coverage: number | null } | null;
}

async function headPipelineOf(deps: Deps, mr: MergeRequestRow): Promise<MergeRequestShown['headPipeline']> {
  if (mr.head_sha === null) return null;
  const pipeline = await latestPipelineFor(deps.db, mr.project_id, mr.head_sha, mr.source_branch);
  if (!pipeline) return null;
  const [user, coverage] = await Promise.all([pipeline.user_id === null ? undefined : findUserById(deps.db, pipeline.user_id), latestJobsCoverage(deps.db, pipeline.id)]);
  return { pipeline, user, coverage };
}

export interface ShowOptions {
  includeDivergedCommitsCount?: boolean;
  includeRebaseInProgress?: boolean;
}

async function changesCountOf(repositoryDir: string, mr: MergeRequestRow): Promise<string | null> {
  if (mr.head_sha === null || mr.base_sha === null) return null;
  const diff = await diffCommits(repositoryDir, mr.base_sha, mr.head_sha);
  return diff.overflow ? `${DIFF_LIMITS.MAX_FILES}+` : String(diff.files.length);
}

/** Loads what presenting one merge request to `actor` needs. */
export async function loadMergeRequestShown(deps: Deps, actor: Principal, found: MergeRequestContext, options: ShowOptions): Promise<MergeRequestShown> {
  const { context, repositoryDir, mergeRequest } = found;
  const open = mergeRequest.state === 'opened' || mergeRequest.state === 'locked';
  const [view, changesCount, mayMerge, headPipeline, divergedCommitsCount] = await Promise.all([
    loadMergeRequestView(deps, context, [mergeRequest], actor),
    changesCountOf(repositoryDir, mergeRequest),
    mayMergeInto(deps, actor, context, mergeRequest.target_branch),
    headPipelineOf(deps, mergeRequest),
    options.includeDivergedCommitsCount
      ? mergeRequest.start_sha !== null && mergeRequest.head_sha !== null
        ? countNewCommits(repositoryDir, mergeRequest.start_sha, [mergeRequest.head_sha])
        : Promise.resolve(0)
      : Promise.resolve(undefined),
  ]);
  return {
    mergeRequest,
    view,
    changesCount,
    canMerge: open && mayMerge,
    headPipeline,
    divergedCommitsCount,
    rebaseInProgress: options.includeRebaseInProgress ? false : undefined,
  };
}
