import { AppError, notFound } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { deleteSshKey as deleteRow } from '../db/repositories/ssh-keys.ts';
import type { Deps } from '../deps.ts';

/** DELETE /user/keys/:key_id: only one's own key; another user's is as missing as none. */
export async function deleteSshKey(deps: Deps, actor: Principal, input: { keyId: number }): Promise<void> {
  if (actor.kind !== 'user') throw new AppError('unauthorized', 'Unauthorized');
  if (!(await deleteRow(deps.db, actor.user.id, input.keyId))) throw notFound('Key');
}
