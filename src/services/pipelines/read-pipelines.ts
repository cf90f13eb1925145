import { notPermitted, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { findMergeRequest } from '../../db/repositories/merge-requests.ts';
import { findPipeline, latestJobsCoverage, latestPipelineFor, listPipelines, listPipelinesOnRef, PIPELINE_ORDERS, type PipelineFilter } from '../../db/repositories/pipelines.ts';
import { findUserById, findUserByUsername } from '../../db/repositories/users.ts';
import type { PipelineRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isValidRefName } from '../../git/ref-name.ts';
import { runGit } from '../../git/run-git.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository, type ReadableRepository } from '../repository/repository-access.ts';

export interface PipelineList {
  page: Paged<PipelineRow>;
  projectPath: string;
}

export interface PipelineDetail {
  pipeline: PipelineRow;
  user: UserRow | undefined;
  coverage: number | null;
  tag: boolean;
  projectPath: string;
}

/** GET /projects/:id/pipelines: whoever may read the code, newest first unless asked otherwise. */
export async function listProjectPipelines(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; filter: Omit<PipelineFilter, 'userId'> & { username?: string }; order: { by: (typeof PIPELINE_ORDERS)[number]; direction: 'asc' | 'desc' }; page: Page },
): Promise<PipelineList> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const { username, ...filter } = input.filter;
  const userId = username === undefined ? undefined : ((await findUserByUsername(deps.db, username))?.id ?? null);
  const page = await listPipelines(deps.db, repository.context.project.id, { ...filter, userId }, input.order, input.page);
  return { page, projectPath: fullPathOf(repository.context) };
}

async function detailOf(deps: Deps, repository: ReadableRepository, pipeline: PipelineRow): Promise<PipelineDetail> {
  const ref = pipeline.ref;
  const tag = ref !== null && isValidRefName(ref) && (await resolveCommit(repository.repositoryDir, `refs/tags/${ref}`)) !== null;
  return {
    pipeline,
    user: pipeline.user_id === null ? undefined : await findUserById(deps.db, pipeline.user_id),
    coverage: await latestJobsCoverage(deps.db, pipeline.id),
    tag,
    projectPath: fullPathOf(repository.context),
  };
}

/** GET /projects/:id/pipelines/:pipeline_id: GitLab's "404 Not found" for another project's or no pipeline. */
export async function getProjectPipeline(deps: Deps, actor: Principal, input: { project: ProjectRef; pipelineId: number | null }): Promise<PipelineDetail> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const pipeline = input.pipelineId === null ? undefined : await findPipeline(deps.db, repository.context.project.id, input.pipelineId);
  if (!pipeline) throw rejected('404 Not found', 404);
  return detailOf(deps, repository, pipeline);
}

/**
 * GET /projects/:id/pipelines/latest: the newest pipeline of the tip of `ref` (the default branch
 * unless given); GitLab answers 403 when there is none.
 */
export async function getLatestPipeline(deps: Deps, actor: Principal, input: { project: ProjectRef; ref?: string }): Promise<PipelineDetail> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const ref = input.ref ?? repository.context.project.default_branch;
  const tip = isValidRefName(ref) ? ((await resolveCommit(repository.repositoryDir, `refs/heads/${ref}`)) ?? (await resolveCommit(repository.repositoryDir, `refs/tags/${ref}`))) : null;
  const pipeline = tip === null ? undefined : await latestPipelineFor(deps.db, repository.context.project.id, tip, ref);
  if (!pipeline) throw notPermitted('read_pipeline');
  return detailOf(deps, repository, pipeline);
}

const isObjectId = (value: string | null): value is string => value !== null && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(value);

/** The commits a merge request brings: its source tip back to where it left the target (at most 1,000). */
async function mergeRequestCommits(repositoryDir: string, head: string | null, base: string | null): Promise<string[]> {
  if (!isObjectId(head)) return [];
  const range = isObjectId(base) ? [head, '--not', base] : [head];
  try {
    const out = await runGit(['rev-list', '--max-count=1000', ...range], { cwd: repositoryDir });
    return out.toString('utf8').split('\n').filter(Boolean);
  } catch {
    return []; // the commits are gone from the repository
  }
}

/** GET /projects/:id/merge_requests/:merge_request_iid/pipelines: the source branch's pipelines of the merge request's commits. */
export async function listMergeRequestPipelines(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number | null; page: Page }): Promise<PipelineList> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const projectId = repository.context.project.id;
  const mergeRequest = input.iid === null ? undefined : await findMergeRequest(deps.db, projectId, input.iid);
  if (!mergeRequest) throw rejected('404 Not found', 404);
  const head = mergeRequest.head_sha ?? (await resolveCommit(repository.repositoryDir, `refs/heads/${mergeRequest.source_branch}`));
  const shas = await mergeRequestCommits(repository.repositoryDir, head, mergeRequest.base_sha);
  const page = await listPipelinesOnRef(deps.db, projectId, mergeRequest.source_branch, shas, input.page);
  return { page, projectPath: fullPathOf(repository.context) };
}
