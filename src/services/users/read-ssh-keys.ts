import { notFound } from '../../domain/errors.ts';
import { parseId } from '../../domain/ids.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { findSshKeyOfUser, listSshKeysOfUser } from '../../db/repositories/ssh-keys.ts';
import { findUserById, findUserByUsername } from '../../db/repositories/users.ts';
import type { SshKeyRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';

/** GET /user/keys */
export function listOwnSshKeys(deps: Deps, actor: Principal, input: { page: Page }): Promise<Paged<SshKeyRow>> {
  return listSshKeysOfUser(deps.db, requireUser(actor).user.id, input.page);
}

/** GET /user/keys/:key_id */
export async function getOwnSshKey(deps: Deps, actor: Principal, input: { keyId: number }): Promise<SshKeyRow> {
  const key = await findSshKeyOfUser(deps.db, requireUser(actor).user.id, input.keyId);
  if (!key) throw notFound('Key');
  return key;
}

/** GET /users/:id_or_username/keys: public keys are public, as in GitLab. */
export async function listUserSshKeys(deps: Deps, _actor: Principal, input: { user: string; page: Page }): Promise<Paged<SshKeyRow>> {
  // Digits name an id (GitLab's UserFinder), anything else a username.
  const id = /^\d+$/.test(input.user) ? parseId(input.user) : undefined;
  const user =
    id === undefined
      ? input.user.length <= 255
        ? await findUserByUsername(deps.db, input.user)
        : undefined
      : id === null
        ? undefined
        : await findUserById(deps.db, id);
  if (!user || user.user_type === 'ghost') throw notFound('User');
  return listSshKeysOfUser(deps.db, user.id, input.page);
}
