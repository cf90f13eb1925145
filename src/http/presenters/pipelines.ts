import type { CommitStatusRow, CommitStatusState, PipelineRow, UserRow } from '../../db/schema.ts';
import { presentUserBasic } from './users.ts';

/** GitLab's CommitStatus entity: one job of an external pipeline. */
export function presentCommitStatus(status: CommitStatusRow, author: UserRow | undefined, baseUrl: string) {
  return {
    id: status.id,
    sha: status.sha,
    ref: status.ref,
    status: status.status,
    name: status.name,
    target_url: status.target_url,
    description: status.description,
    created_at: status.created_at,
    started_at: status.started_at,
    finished_at: status.finished_at,
    allow_failure: Number(status.allow_failure) === 1,
    coverage: status.coverage === null ? null : Number(status.coverage),
    pipeline_id: status.pipeline_id,
    author: author ? presentUserBasic(author, baseUrl) : null,
  };
}

/**
 * GitLab's PipelineBasic entity (lists, a commit's `last_pipeline`, a merge request's
 * `pipeline`/`head_pipeline`); `projectWebUrl` is `<external URL>/<namespace>/<project>`.
 */
export function presentPipelineBasic(pipeline: PipelineRow, projectWebUrl: string) {
  return {
    id: pipeline.id,
    iid: pipeline.iid,
    project_id: pipeline.project_id,
    sha: pipeline.sha,
    ref: pipeline.ref,
    status: pipeline.status,
    source: pipeline.source,
    created_at: pipeline.created_at,
    updated_at: pipeline.updated_at,
    web_url: `${projectWebUrl}/-/pipelines/${pipeline.id}`,
    name: null,
  };
}

/** GitLab's words and icon for a status (its detailed_status). */
const STATUS_TEXT: Record<CommitStatusState, string> = {
  created: 'created',
  pending: 'pending',
  running: 'running',
  success: 'passed',
  failed: 'failed',
  canceled: 'canceled',
  skipped: 'skipped',
  manual: 'manual action',
};

const seconds = (from: string | null, to: string | null): number | null =>
  from === null || to === null ? null : Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** GitLab's Pipeline entity (GET .../pipelines/:pipeline_id and .../pipelines/latest). */
export function presentPipeline(view: { pipeline: PipelineRow; user: UserRow | undefined; coverage: number | null; tag: boolean }, projectWebUrl: string, baseUrl: string) {
  const { pipeline } = view;
  const text = STATUS_TEXT[pipeline.status];
  const path = `${new URL(projectWebUrl).pathname}/-/pipelines/${pipeline.id}`;
  return {
    ...presentPipelineBasic(pipeline, projectWebUrl),
    before_sha: '0000000000000000000000000000000000000000',
    tag: view.tag,
    yaml_errors: null,
    user: view.user ? presentUserBasic(view.user, baseUrl) : null,
    started_at: pipeline.started_at,
    finished_at: pipeline.finished_at,
    committed_at: null,
    duration: seconds(pipeline.started_at, pipeline.finished_at),
    queued_duration: seconds(pipeline.created_at, pipeline.started_at),
    coverage: view.coverage === null ? null : view.coverage.toFixed(2),
    detailed_status: {
      icon: `status_${pipeline.status}`,
      text,
      label: text,
      group: pipeline.status,
      tooltip: text,
      has_details: true,
      details_path: path,
      illustration: null,
      favicon: `/assets/ci_favicons/favicon_status_${pipeline.status}.png`,
    },
  };
}
