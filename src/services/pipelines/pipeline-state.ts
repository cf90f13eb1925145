import type { Db } from '../../db/database.ts';
import { latestJobsOfPipeline, updatePipelineRow } from '../../db/repositories/pipelines.ts';
import type { PipelineRow } from '../../db/schema.ts';
import { compositeStatus, isActive, isFinished } from '../../domain/pipeline-status.ts';

/**
 * Sets a pipeline's status from its latest jobs (GitLab's composite rule), with its start (first
 * time it runs) and finish (when it completes; cleared while it is active again).
 */
export async function refreshPipelineStatus(db: Db, pipeline: PipelineRow, now: string): Promise<PipelineRow> {
  const jobs = await latestJobsOfPipeline(db, pipeline.id);
  const status = compositeStatus(jobs.map((job) => ({ status: job.status, allowFailure: Number(job.allow_failure) === 1 }))) ?? pipeline.status;
  return updatePipelineRow(db, pipeline.id, {
    status,
    updated_at: now,
    started_at: pipeline.started_at ?? (status === 'running' || isFinished(status) ? now : null),
    finished_at: isFinished(status) ? (status === pipeline.status ? pipeline.finished_at ?? now : now) : isActive(status) ? null : pipeline.finished_at,
  });
}
