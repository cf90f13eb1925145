import { AppError } from '../../domain/errors.ts';
import type { UserPrincipal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import type { RefChange } from '../../git/refs.ts';
import { StaleRefError, updateRefs } from '../../git/update-refs.ts';
import { authorizeRefUpdates } from './authorize-ref-updates.ts';
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
export async function applyRefUpdates(deps: Deps, actor: UserPrincipal, repository: WritableRepository, changes: RefChange[]): Promise<void> {
  await authorizeRefUpdates(deps, actor, repository, changes, 'api');
  try {
    await updateRefs(repository.repositoryDir, changes);
  } catch (error) {
    if (error instanceof StaleRefError) throw new RefMovedError(error.refs);
    throw error;
  }
  await recordRefUpdates(deps, actor, { projectId: repository.context.project.id, repositoryDir: repository.repositoryDir, changes });
}
