import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import { latestPipelineFor } from '../../db/repositories/pipelines.ts';
import type { PipelineRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { commitStats, logCommit, type CommitStats, type LoggedCommit } from '../../git/log.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findCommitId } from './commit-lookup.ts';
import { findReadableRepository } from './repository-access.ts';

export interface CommitDetailView {
  logged: LoggedCommit;
  stats?: CommitStats;
  projectId: number;
  projectPath: string;
  /** The newest pipeline of the commit (its `last_pipeline` and `status`). */
  lastPipeline?: PipelineRow;
}

/** GET /projects/:id/repository/commits/:sha: one commit (`sha` may be a branch or a tag), with its stats unless `stats=false`. */
export async function readRepositoryCommit(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; sha: string; stats: boolean },
): Promise<CommitDetailView> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const commitId = await findCommitId(repository.repositoryDir, input.sha);
  const logged = await logCommit(repository.repositoryDir, commitId);
  if (logged === null) throw notFound('Commit');
  const stats = input.stats ? (await commitStats(repository.repositoryDir, [commitId])).get(commitId) : undefined;
  const projectId = repository.context.project.id;
  return { logged, stats, projectId, projectPath: fullPathOf(repository.context), lastPipeline: await latestPipelineFor(deps.db, projectId, commitId) };
}
