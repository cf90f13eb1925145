import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteSshKey as deleteRow } from '../../db/repositories/ssh-keys.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';

/** DELETE /user/keys/:key_id: only one's own key; another user's is as missing as none. */
export async function deleteSshKey(deps: Deps, actor: Principal, input: { keyId: number }): Promise<void> {
  const { user } = requireUser(actor);
  if (!(await deleteRow(deps.db, user.id, input.keyId))) throw notFound('Key');
}
