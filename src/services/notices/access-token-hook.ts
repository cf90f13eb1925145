import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { NamespaceRow, TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { hookProjectAttrs, hookProjectOf, utcText } from '../webhooks/hook-parts.ts';
import type { TokenNotice } from './token-notice-mail.ts';

/** GitLab's event names: `expiring_access_token` is GitLab's; the other two are Latchkey's own. */
export function accessTokenEventName(notice: TokenNotice): string {
  return notice.kind === 'expiring' ? 'expiring_access_token' : notice.kind === 'expired' ? 'expired_access_token' : 'revoked_access_token';
}

/** GitLab's access token event body (`object_kind: "access_token"`) for a project access token. */
export function accessTokenHookBody(deps: Deps, project: ProjectWithNamespace, token: TokenRow, notice: TokenNotice) {
  return {
    object_kind: 'access_token',
    project_id: project.project.id,
    project: hookProjectAttrs(hookProjectOf(deps.config, project)),
    object_attributes: tokenAttrs(token),
    event_name: accessTokenEventName(notice),
  };
}

/**
 * The same event for a group access token, as GitLab sends it to group hooks: `group_id` and a
 * `group` object (`group_name`, `group_path`: its own path, `full_path`, `group_id`) instead of the project.
 */
export function groupAccessTokenHookBody(group: NamespaceRow, token: TokenRow, notice: TokenNotice) {
  return {
    object_kind: 'access_token',
    group_id: group.id,
    group: { group_name: group.name, group_path: group.path.slice(group.path.lastIndexOf('/') + 1), full_path: group.path, group_id: group.id },
    object_attributes: tokenAttrs(token),
    event_name: accessTokenEventName(notice),
  };
}

function tokenAttrs(token: TokenRow) {
  return { user_id: token.user_id, created_at: utcText(token.created_at), id: token.id, name: token.name, expires_at: token.expires_at };
}
