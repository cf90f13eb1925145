import { parseId } from '../../domain/ids.ts';
import { formatProjectPath, type ProjectRef } from '../../domain/project-ref.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';

/** A full path as URL path segments: each encoded, the slashes kept (`team/backend` stays `team/backend`). */
export const encodedFullPath = (fullPath: string): string => fullPath.split('/').map(encodeURIComponent).join('/');

/**
 * Web paths, GitLab's shapes: /<namespace>/<project>, /<namespace>/<project>/-/settings/access_tokens, ...
 * A project in subgroups at /<group>/<subgroup>/<project> (src/http/nested-project-urls.ts routes it).
 */
export function projectPath({ project, namespace }: ProjectWithNamespace): string {
  return `/${encodedFullPath(namespace.path)}/${encodeURIComponent(project.path)}`;
}

export const projectMembersPath = (p: ProjectWithNamespace): string => `${projectPath(p)}/-/project_members`;
export const projectAccessTokensPath = (p: ProjectWithNamespace): string => `${projectPath(p)}/-/settings/access_tokens`;
// hooks-api: Settings › Webhooks, GitLab's /<ns>/<project>/-/hooks, /-/hooks/:id/edit, /-/hooks/:id/hook_logs/:log_id.
export const hooksPath = (p: ProjectWithNamespace): string => `${projectPath(p)}/-/hooks`;
export const hookPath = (p: ProjectWithNamespace, hookId: number): string => `${hooksPath(p)}/${hookId}`;
export const PERSONAL_TOKENS_PATH = '/-/user_settings/personal_access_tokens';
export const SIGN_IN_PATH = '/users/sign_in';

/** The `namespace/project` reference of a web route's path parameters. */
export function projectRefOf(params: unknown): ProjectRef {
  const { namespace, project } = params as { namespace: string; project: string };
  // `/group/project.git` is the clone URL; in a browser it means the project page, as on GitLab.
  return formatProjectPath({ namespace, project: project.replace(/\.git$/, '') });
}

/** A numeric id path segment, or null (the route then answers 404). */
export function idOf(params: unknown, name: string): number | null {
  return parseId((params as Record<string, string | undefined>)[name] ?? '');
}

/** A ref and a path inside it as one URL tail: each segment encoded, the slashes kept (`feature/x/src/a%20b.ts`). */
export function refPathTail(ref: string, path = ''): string {
  const segments = [...ref.split('/'), ...path.split('/').filter(Boolean)];
  return segments.map(encodeURIComponent).join('/');
}

// The repository's pages, GitLab's URLs: /<ns>/<project>/-/tree/<ref>/<path>, /-/blob/…, /-/commit/<sha>…
export const treePath = (p: ProjectWithNamespace, ref: string, path = ''): string => `${projectPath(p)}/-/tree/${refPathTail(ref, path)}`;
export const blobPath = (p: ProjectWithNamespace, ref: string, path: string): string => `${projectPath(p)}/-/blob/${refPathTail(ref, path)}`;
export const rawPath = (p: ProjectWithNamespace, ref: string, path: string): string => `${projectPath(p)}/-/raw/${refPathTail(ref, path)}`;
export const commitsPath = (p: ProjectWithNamespace, ref: string, path = ''): string => `${projectPath(p)}/-/commits/${refPathTail(ref, path)}`;
export const commitPath = (p: ProjectWithNamespace, sha: string): string => `${projectPath(p)}/-/commit/${encodeURIComponent(sha)}`;
export const comparePath = (p: ProjectWithNamespace, from?: string, to?: string): string =>
  from === undefined || to === undefined ? `${projectPath(p)}/-/compare` : `${projectPath(p)}/-/compare/${refPathTail(from)}...${refPathTail(to)}`;
export const branchesPath = (p: ProjectWithNamespace): string => `${projectPath(p)}/-/branches`;
export const tagsPath = (p: ProjectWithNamespace): string => `${projectPath(p)}/-/tags`;
export const tagPath = (p: ProjectWithNamespace, name: string): string => `${tagsPath(p)}/${refPathTail(name)}`;
export const releasesPath = (p: ProjectWithNamespace): string => `${projectPath(p)}/-/releases`;
export const releasePath = (p: ProjectWithNamespace, tagName: string): string => `${releasesPath(p)}/${refPathTail(tagName)}`;
export const activityPath = (p: ProjectWithNamespace): string => `${projectPath(p)}/activity`;
export const mergeRequestsPath = (p: ProjectWithNamespace): string => `${projectPath(p)}/-/merge_requests`;
export const mergeRequestPath = (p: ProjectWithNamespace, iid: number, tab: '' | 'diffs' | 'commits' = ''): string => `${mergeRequestsPath(p)}/${iid}${tab && `/${tab}`}`;
