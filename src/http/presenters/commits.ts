import type { FileDiff } from '../../git/diff.ts';
import type { CommitStats, LoggedCommit } from '../../git/log.ts';
import type { CommitDetailView } from '../../services/repository/read-repository-commit.ts';
import type { CompareView } from '../../services/repository/compare-repository-refs.ts';
import { presentPipelineBasic } from './pipelines.ts';
import { presentCommit } from './repository.ts';

/** GitLab's `trailers` (the last value of each key) and `extended_trailers` (every value, in order). */
function presentTrailers(trailers: [string, string][]) {
  const last: Record<string, string> = {};
  const all: Record<string, string[]> = {};
  for (const [key, value] of trailers) {
    last[key] = value;
    (all[key] ??= []).push(value);
  }
  return { trailers: last, extended_trailers: all };
}

/** GitLab's commit entity; trailers only when asked for (`trailers=true`), `{}` otherwise. */
export function presentLoggedCommit(logged: LoggedCommit, projectWebUrl: string, options: { trailers: boolean }) {
  return { ...presentCommit(logged.commit, projectWebUrl), ...(options.trailers ? presentTrailers(logged.trailers) : {}) };
}

export function presentStats(stats: CommitStats) {
  return { additions: stats.additions, deletions: stats.deletions, total: stats.total };
}

/** GitLab's commit detail entity: the commit, its stats (unless `stats=false`), its newest pipeline and that pipeline's status. */
export function presentCommitDetail(view: CommitDetailView, baseUrl: string) {
  return {
    ...presentLoggedCommit(view.logged, `${baseUrl}/${view.projectPath}`, { trailers: true }),
    ...(view.stats ? { stats: presentStats(view.stats) } : {}),
    status: view.lastPipeline?.status ?? null,
    project_id: view.projectId,
    last_pipeline: view.lastPipeline ? presentPipelineBasic(view.lastPipeline, `${baseUrl}/${view.projectPath}`) : null,
  };
}

/** GitLab's diff entity. */
export function presentDiff(file: FileDiff) {
  return {
    diff: file.diff,
    collapsed: false,
    too_large: file.tooLarge,
    new_path: file.newPath,
    old_path: file.oldPath,
    a_mode: file.aMode,
    b_mode: file.bMode,
    new_file: file.newFile,
    renamed_file: file.renamedFile,
    deleted_file: file.deletedFile,
    generated_file: false,
  };
}

/** GitLab's compare entity: `commit` is the newest of `commits` (oldest first), null when there is none. */
export function presentCompare(view: CompareView, baseUrl: string) {
  const projectWebUrl = `${baseUrl}/${view.projectPath}`;
  const commits = view.commits.map((logged) => presentLoggedCommit(logged, projectWebUrl, { trailers: false }));
  return {
    commit: commits.at(-1) ?? null,
    commits,
    diffs: view.diff.files.map(presentDiff),
    compare_timeout: view.diff.overflow,
    compare_same_ref: view.same,
    web_url: `${projectWebUrl}/-/compare/${view.fromId}...${view.toId}`,
  };
}
