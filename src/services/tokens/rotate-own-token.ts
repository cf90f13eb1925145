import { notPermitted, unauthorized } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findTokenById } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { findVisibleGroup, type GroupRef } from '../groups/group-context.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { rotateToken } from './rotate-project-access-token.ts';

type OwnRotationInput = { expiresAt: string | null; graceMinutes?: number; ip: string | null };

/**
 * POST /projects/:id/access_tokens/self/rotate (and the group's): a project or group access token
 * rotates itself (the route's scope gate lets `api` and `self_rotate` through). Any role will do:
 * the token only replaces itself. A personal token is refused (GitLab's 405), another project's or
 * group's token 401, or 404 where it cannot see the project or group.
 */
export async function rotateOwnToken(deps: Deps, actor: Principal, input: OwnRotationInput & { project: ProjectRef }): Promise<{ token: TokenRow; plain: string }> {
  const credential = ownCredential(actor);
  const context = await findVisibleProject(deps, actor, input.project);
  if (credential.projectId !== context.project.id) throw notPermitted('rotate_token_of_other_project', "Not permitted to rotate another project's token");
  return rotateOwn(deps, actor, credential.id, input);
}

export async function rotateOwnGroupToken(deps: Deps, actor: Principal, input: OwnRotationInput & { group: GroupRef }): Promise<{ token: TokenRow; plain: string }> {
  const credential = ownCredential(actor);
  const context = await findVisibleGroup(deps, actor, input.group);
  if (credential.groupId !== context.group.id) throw notPermitted('rotate_token_of_other_group', "Not permitted to rotate another group's token");
  return rotateOwn(deps, actor, credential.id, input);
}

function ownCredential(actor: Principal): { id: number; projectId: number | null; groupId: number | null } {
  if (actor.kind !== 'user' || actor.via !== 'token') throw unauthorized();
  const { id, projectId, groupId } = actor.token;
  if (projectId === null && (groupId ?? null) === null) {
    throw notPermitted('rotate_personal_token_as_project_token', 'A personal access token cannot rotate itself here');
  }
  return { id, projectId, groupId: groupId ?? null };
}

async function rotateOwn(deps: Deps, actor: Principal, tokenId: number, input: OwnRotationInput): Promise<{ token: TokenRow; plain: string }> {
  if (actor.kind !== 'user') throw unauthorized();
  const token = await findTokenById(deps.db, tokenId);
  if (!token) throw unauthorized();
  return rotateToken(deps, actor.user, token, { expiresAt: input.expiresAt, graceMinutes: input.graceMinutes ?? 0 }, input.ip);
}
