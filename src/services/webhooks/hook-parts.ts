import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { findProjectById, type ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { LabelRow, UserRow } from '../../db/schema.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import type { Visibility } from '../../domain/visibility.ts';
import type { GitCommit } from '../../git/branches.ts';
import { repositoryPath } from '../../git/repository-path.ts';

/**
 * The parts every webhook payload shares, as GitLab's hook_attrs build them: the project, the
 * repository, the user, labels, commits, and GitLab's two timestamp formats.
 */

const VISIBILITY_LEVELS: Record<Visibility, number> = { private: 0, internal: 10, public: 20 };

/** Latchkey has no public email: GitLab sends this placeholder for a user who set none. */
export const REDACTED_EMAIL = '[REDACTED]';

/** GitLab's `Time#to_s` in UTC, used by note, release and `changes` timestamps: `2024-01-01 10:00:00 UTC`. */
export function utcText(iso: string | null): string | null {
  if (iso === null) return null;
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** GitLab's JSON timestamps of issue and merge request attributes: ISO 8601 with milliseconds, UTC. */
export function isoTime(iso: string | null): string | null {
  return iso === null ? null : new Date(iso).toISOString();
}

/** What the builders need of a project: its row, namespace, full path and URLs. */
export interface HookProject {
  found: ProjectWithNamespace;
  fullPath: string;
  webUrl: string;
  httpUrl: string;
  sshUrl: string;
  repositoryDir: string;
}

export async function loadHookProject(db: Db, config: Config, projectId: number): Promise<HookProject> {
  const found = await findProjectById(db, projectId);
  if (!found) throw new Error(`project ${projectId} vanished while its hook payload was built`);
  return hookProjectOf(config, found);
}

/** A project row already read, with its URLs. */
export function hookProjectOf(config: Config, found: ProjectWithNamespace): HookProject {
  const fullPath = fullPathOf(found);
  const webUrl = `${config.externalUrl}/${fullPath}`;
  return {
    found,
    fullPath,
    webUrl,
    httpUrl: `${webUrl}.git`,
    repositoryDir: repositoryPath(config.dataDir, found.project.id),
    sshUrl: config.sshPort === 22 ? `git@${config.externalHost}:${fullPath}.git` : `ssh://git@${config.externalHost}:${config.sshPort}/${fullPath}.git`,
  };
}

/** GitLab's Project#hook_attrs. */
export function hookProjectAttrs(p: HookProject) {
  const { project, namespace } = p.found;
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    web_url: p.webUrl,
    avatar_url: null,
    git_ssh_url: p.sshUrl,
    git_http_url: p.httpUrl,
    namespace: namespace.name,
    visibility_level: VISIBILITY_LEVELS[project.visibility],
    path_with_namespace: p.fullPath,
    default_branch: project.default_branch,
    ci_config_path: null,
    homepage: p.webUrl,
    url: p.sshUrl,
    ssh_url: p.sshUrl,
    http_url: p.httpUrl,
  };
}

/** The (deprecated) `repository` of push and tag push hooks: Project#hook_attrs sliced. */
export function hookPushRepositoryAttrs(project: ReturnType<typeof hookProjectAttrs>) {
  const { name, url, description, homepage, git_http_url, git_ssh_url, visibility_level } = project;
  return { name, url, description, homepage, git_http_url, git_ssh_url, visibility_level };
}

/** The `repository` of issue, note and merge request hooks (Repository#hook_attrs, short form). */
export function hookRepositoryAttrs(p: HookProject) {
  return { name: p.found.project.name, url: p.sshUrl, description: p.found.project.description, homepage: p.webUrl };
}

/** Who a payload names: a user row or the acting principal's user. */
export type HookUser = Pick<UserRow, 'id' | 'name' | 'username'>;

/** GitLab's User#hook_attrs. */
export function hookUserAttrs(user: HookUser) {
  return { id: user.id, name: user.name, username: user.username, avatar_url: null, email: REDACTED_EMAIL };
}

/** GitLab's Label#hook_attrs. */
export function hookLabelAttrs(label: LabelRow) {
  return {
    id: label.id,
    title: label.name,
    color: label.color,
    project_id: label.project_id,
    created_at: utcText(label.created_at),
    updated_at: utcText(label.updated_at),
    template: false,
    description: label.description,
    type: 'ProjectLabel',
    group_id: null,
  };
}

/**
 * GitLab's Commit#hook_attrs without the file lists (merge request's last_commit, release's commit).
 * `timestamp` is Commit#timestamp, the committer date with its offset (`committed_date.xmlschema`),
 * not the author date: they differ for a rebased or cherry-picked commit.
 */
export function hookCommitAttrs(p: HookProject, commit: GitCommit) {
  return {
    id: commit.id,
    message: commit.message,
    title: commit.title,
    timestamp: commit.committedDate,
    url: `${p.webUrl}/-/commit/${commit.id}`,
    author: { name: commit.authorName, email: commit.authorEmail },
  };
}

/** GitLab's `changes` entry for a field that moved. */
export function changeOf<T>(previous: T, current: T): { previous: T; current: T } {
  return { previous, current };
}

/** The `labels` entry of `changes` when the set of labels moved. */
export function labelsChange(before: LabelRow[], after: LabelRow[]): { labels?: { previous: unknown; current: unknown } } {
  const key = (labels: LabelRow[]) => labels.map((label) => label.id).sort((a, b) => a - b).join(',');
  return key(before) === key(after) ? {} : { labels: changeOf(before.map(hookLabelAttrs), after.map(hookLabelAttrs)) };
}
