import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { TokenNotice } from './token-notice-mail.ts';

const VISIBILITY_LEVEL = { private: 0, internal: 10, public: 20 } as const;

/** GitLab's event names: `expiring_access_token` is GitLab's; the other two are Latchkey's own. */
export function accessTokenEventName(notice: TokenNotice): string {
  return notice.kind === 'expiring' ? 'expiring_access_token' : notice.kind === 'expired' ? 'expired_access_token' : 'revoked_access_token';
}

/** A timestamp as GitLab's hook payloads write it: `2024-05-14 06:06:01 UTC`. */
function hookTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** The `project` object of GitLab's project hook payloads. */
function hookProject(deps: Deps, { project, namespace }: ProjectWithNamespace) {
  const path = `${namespace.path}/${project.path}`;
  const web = `${deps.config.externalUrl}/${path}`;
  const ssh = deps.config.sshPort === 22 ? `git@${deps.config.externalHost}:${path}.git` : `ssh://git@${deps.config.externalHost}:${deps.config.sshPort}/${path}.git`;
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    web_url: web,
    avatar_url: null,
    git_ssh_url: ssh,
    git_http_url: `${web}.git`,
    namespace: namespace.name,
    visibility_level: VISIBILITY_LEVEL[project.visibility],
    path_with_namespace: path,
    default_branch: project.default_branch,
    ci_config_path: null,
    homepage: web,
    url: ssh,
    ssh_url: ssh,
    http_url: `${web}.git`,
  };
}

/** GitLab's access token event body (`object_kind: "access_token"`) for a project access token. */
export function accessTokenHookBody(deps: Deps, project: ProjectWithNamespace, token: TokenRow, notice: TokenNotice) {
  return {
    object_kind: 'access_token',
    project_id: project.project.id,
    project: hookProject(deps, project),
    object_attributes: {
      user_id: token.user_id,
      created_at: hookTime(token.created_at),
      id: token.id,
      name: token.name,
      expires_at: token.expires_at,
    },
    event_name: accessTokenEventName(notice),
  };
}
