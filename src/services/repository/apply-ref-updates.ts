import { AppError } from '../../domain/errors.ts';
import type { UserPrincipal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import type { RefChange } from '../../git/refs.ts';
import { StaleRefError, updateRefs } from '../../git/update-refs.ts';
import { authorizeRefUpdates, type RefUpdateIntent } from './authorize-ref-updates.ts';
import { refreshOnPush } from '../merge-requests/refresh-on-push.ts';
import { recordRefUpdates } from './record-push-events.ts';
import type { WritableRepository } from './repository-access.ts';

/** The branch or tag moved after the caller read it; GitLab's commit services answer 400. */
export class RefMovedError extends AppError {
  constructor(readonly refs: string[]) {
    super('bad_request', 'The branch has changed since you started editing it');
  }
}

/**
 * Every API write that moves a branch or a tag ends here, as a push does: protection decides
 * first, then the refs move atomically only if they still hold the values read (`before`), then
 * the same push events a git push records. Throws RefMovedError when another writer won the race:
 * the caller may retry on the new value when its change does not conflict.
 */
export async function applyRefUpdates(
  deps: Deps,
  actor: UserPrincipal,
  repository: WritableRepository,
  changes: RefChange[],
  intent: RefUpdateIntent = 'push',
): Promise<void> {
  await authorizeRefUpdates(deps, actor, repository, changes, 'api', intent);
  try {
    await updateRefs(repository.repositoryDir, changes);
  } catch (error) {
    if (error instanceof StaleRefError) throw new RefMovedError(error.refs);
    throw error;
  }
  const push = { projectId: repository.context.project.id, repositoryDir: repository.repositoryDir, changes };
  await recordRefUpdates(deps, actor, push);
  await refreshOnPush(deps, actor, push);
}
