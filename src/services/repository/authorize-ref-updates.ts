import type { UserPrincipal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import type { RefChange } from '../../git/refs.ts';
import type { WritableRepository } from './repository-access.ts';

/** Where the ref updates come from: the messages differ (git prints GitLab's pre-receive wording). */
export type RefUpdateSource = 'api' | 'git';

/**
 * The one decision on protected branches and tags, for git over HTTP and SSH and every API write:
 * throws not_permitted (push_protected_branch, delete_protected_branch, create_protected_tag,
 * update_tag, delete_protected_tag) with GitLab's message for the first update it refuses.
 *
 * TODO(protection): the rules land with protected branches and tags; until then every update a
 * Developer+ may push passes.
 */
export async function authorizeRefUpdates(
  _deps: Deps,
  _actor: UserPrincipal,
  _repository: WritableRepository,
  _changes: RefChange[],
  _source: RefUpdateSource,
): Promise<void> {}
