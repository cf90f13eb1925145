import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { TokenRow } from '../../db/schema.ts';
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
    object_attributes: {
      user_id: token.user_id,
      created_at: utcText(token.created_at),
      id: token.id,
      name: token.name,
      expires_at: token.expires_at,
    },
    event_name: accessTokenEventName(notice),
  };
}
