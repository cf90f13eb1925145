import { AppError } from '../../domain/errors.ts';
import type { UserPrincipal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import type { HookHandler, PushHookSession } from '../../git/push-hooks.ts';
import type { GitAccess } from './authorize-git-access.ts';
import { authorizeRefUpdates } from './authorize-ref-updates.ts';
import { refusePushedTokens } from './refuse-pushed-tokens.ts';
import { refreshOnPush } from '../merge-requests/refresh-on-push.ts';
import { recordRefUpdates } from './record-push-events.ts';

/**
 * A push over HTTP or SSH, between git's hooks and our rules: before any ref moves, the
 * pre-receive hook's exact `old new ref` lines go through the protection decision every API write
 * takes (a refusal rejects the whole push, in GitLab's words), then push protection (an active
 * token of this instance in the pushed blobs refuses the push); after, the post-receive hook's lines
 * (the refs this push moved, with the values they held before) become its push events. The
 * post-receive hook waits for them, so git's reply ends only once they are recorded; a failure to
 * record is logged, never a failed push.
 */
export function receivePush(
  deps: Deps,
  actor: UserPrincipal,
  access: GitAccess,
  /** Told the refs the push moved (post-receive), e.g. for the token's activity. */
  onPushed?: (refs: string[]) => void,
): Promise<PushHookSession> {
  const repository = { context: access.context, repositoryDir: access.repositoryDir };
  const handler: HookHandler = async (phase, lines, quarantine) => {
    if (phase === 'pre-receive') {
      try {
        await authorizeRefUpdates(deps, actor, repository, lines, 'git');
      } catch (error) {
        if (error instanceof AppError) return error.message;
        throw error;
      }
      try {
        await refusePushedTokens(deps, access.repositoryDir, lines, quarantine);
        return null;
      } catch (error) {
        // Latchkey's own words, not GitLab's: printed without the `GitLab:` prefix.
        if (error instanceof AppError) return { plain: error.message };
        throw error;
      }
    }
    onPushed?.(lines.map((line) => line.ref));
    const push = { projectId: access.project.project.id, repositoryDir: access.repositoryDir, changes: lines };
    try {
      await recordRefUpdates(deps, actor, push);
    } catch (error) {
      deps.log.error({ err: error, projectId: access.project.project.id }, 'could not record push events');
    }
    await refreshOnPush(deps, actor, push);
    return null;
  };
  return deps.pushHooks.open(handler);
}
