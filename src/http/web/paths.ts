import { parseId } from '../../domain/ids.ts';
import { formatProjectPath, type ProjectRef } from '../../domain/project-ref.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';

/** Web paths, GitLab's shapes: /<namespace>/<project>, /<namespace>/<project>/-/settings/access_tokens, ... */
export function projectPath({ project, namespace }: ProjectWithNamespace): string {
  return `/${encodeURIComponent(namespace.path)}/${encodeURIComponent(project.path)}`;
}

export const projectMembersPath = (p: ProjectWithNamespace): string => `${projectPath(p)}/-/project_members`;
export const projectAccessTokensPath = (p: ProjectWithNamespace): string => `${projectPath(p)}/-/settings/access_tokens`;
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
