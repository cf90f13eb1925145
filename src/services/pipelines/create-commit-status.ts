import { fieldErrors, notPermitted, rejected } from '../../domain/errors.ts';
import { isFinished, transitionJob, type PostableState } from '../../domain/pipeline-status.ts';
import type { Principal } from '../../domain/principal.ts';
import { findProtectionRules } from '../../db/repositories/protected-refs.ts';
import { findActiveJob, insertCommitStatus, insertPipeline, latestPipelineFor, takeNextPipelineIid, updateCommitStatusRow } from '../../db/repositories/pipelines.ts';
import type { CommitStatusRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isValidRefName } from '../../git/ref-name.ts';
import { refsContaining } from '../../git/ref-lists.ts';
import { canReportStatusOnRef } from '../../policies/pipeline-policies.ts';
import { codeAccess } from '../../policies/code-policies.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { findCommitId } from '../repository/commit-lookup.ts';
import { repositoryPath } from '../../git/repository-path.ts';
import { findUserById } from '../../db/repositories/users.ts';
import { refreshPipelineStatus } from './pipeline-state.ts';

export interface CommitStatusInput {
  project: ProjectRef;
  sha: string;
  state: PostableState;
  ref?: string;
  name: string;
  targetUrl?: string;
  description?: string;
  coverage?: number;
  pipelineId?: number;
}

/** GitLab's validation of a status's link: http or https only, at most 255 characters. */
function checkTargetUrl(url: string | undefined): void {
  if (url === undefined) return;
  if (url.length > 255) throw fieldErrors({ target_url: ['is too long (maximum is 255 characters)'] });
  let scheme = '';
  try {
    scheme = new URL(url).protocol;
  } catch {
    // not a URL at all: refused in the same words
  }
  if (scheme !== 'http:' && scheme !== 'https:') throw fieldErrors({ target_url: ['is blocked: Only allowed schemes are http, https'] });
}

/**
 * POST /projects/:id/statuses/:sha: reports the state of one named job of the commit's external
 * pipeline for a ref, as GitLab's Ci::CreateCommitStatusService. The ref defaults to the newest
 * pipeline's for the commit, else the first branch holding it; the pipeline is created (source
 * `external`) when there is none; the caller's pending or running job of that name is moved on,
 * else a new job is added (retrying older ones of the name). The pipeline's status follows its
 * latest jobs.
 */
export async function createCommitStatus(deps: Deps, actor: Principal, input: CommitStatusInput): Promise<{ status: CommitStatusRow; author: UserRow | undefined }> {
  const user = requireUser(actor);
  const context = await findVisibleProject(deps, user, input.project);
  if (!codeAccess(user, context.facts).push) throw notPermitted('create_commit_status');
  const projectId = context.project.id;
  const repositoryDir = repositoryPath(deps.config.dataDir, projectId);
  const sha = await findCommitId(repositoryDir, input.sha);

  const matching = await latestPipelineFor(deps.db, projectId, sha, input.ref, input.pipelineId);
  if (input.pipelineId !== undefined && !matching) throw rejected('404 Pipeline for pipeline_id, sha and ref Not Found', 404);
  const ref = input.ref ?? matching?.ref ?? (await refsContaining(repositoryDir, sha, 'branch'))[0]?.name;
  if (ref === undefined || ref === null) throw rejected('404 References for commit Not Found', 404);
  checkTargetUrl(input.targetUrl);

  const tag = isValidRefName(ref) && (await resolveCommit(repositoryDir, `refs/tags/${ref}`)) !== null;
  const rules = await findProtectionRules(deps.db, projectId);
  if (!canReportStatusOnRef(rules, { name: ref, tag }, { level: context.facts.level, isAdmin: user.user.isAdmin })) throw notPermitted('create_commit_status');

  const now = deps.clock.now().toISOString();
  const status = await deps.db.transaction().execute(async (tx) => {
    // One writer per project at a time, so two reports never open two pipelines for one commit.
    if (deps.dialect === 'postgres') await tx.selectFrom('projects').select('id').where('id', '=', projectId).forUpdate().execute();
    let pipeline = await latestPipelineFor(tx, projectId, sha, ref, input.pipelineId);
    if (!pipeline) {
      const iid = await takeNextPipelineIid(tx, projectId);
      pipeline = await insertPipeline(tx, { project_id: projectId, iid, sha, ref, status: 'created', source: 'external', user_id: user.user.id, created_at: now, updated_at: now });
    }
    const job = await findActiveJob(tx, pipeline.id, { ref, name: input.name, authorId: user.user.id });
    const move = transitionJob(job?.status ?? 'created', input.state);
    if (!move.ok) throw rejected(move.message, 400);
    const fields = {
      status: input.state,
      updated_at: now,
      ...(input.targetUrl !== undefined ? { target_url: input.targetUrl } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.coverage !== undefined ? { coverage: input.coverage } : {}),
      ...(input.state === 'running' && !job?.started_at ? { started_at: now } : {}),
      ...(isFinished(input.state) ? { finished_at: now } : {}),
    };
    const saved = job
      ? await updateCommitStatusRow(tx, job.id, fields)
      : await insertCommitStatus(tx, { project_id: projectId, pipeline_id: pipeline.id, sha, ref, name: input.name, author_id: user.user.id, created_at: now, ...fields });
    await refreshPipelineStatus(tx, pipeline, now);
    return saved;
  });
  return { status, author: status.author_id === null ? undefined : await findUserById(deps.db, status.author_id) };
}
