import { notPermitted, unauthorized } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findTokenById } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { rotateToken } from './rotate-project-access-token.ts';

/**
 * POST /projects/:id/access_tokens/self/rotate: a project access token rotates itself (the route's
 * scope gate lets `api` and `self_rotate` through). Any role will do: the token only replaces
 * itself. A human's token, or another project's, is refused (GitLab's 405 and 401), or 404 where
 * it cannot see the project.
 */
export async function rotateOwnToken(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; expiresAt: string | null; graceMinutes?: number; ip: string | null },
): Promise<{ token: TokenRow; plain: string }> {
  if (actor.kind !== 'user' || actor.via !== 'token') throw unauthorized();
  if (actor.token.projectId === null) throw notPermitted('rotate_personal_token_as_project_token', 'A personal access token cannot rotate itself here');
  const context = await findVisibleProject(deps, actor, input.project);
  if (actor.token.projectId !== context.project.id) throw notPermitted('rotate_token_of_other_project', "Not permitted to rotate another project's token");
  const token = await findTokenById(deps.db, actor.token.id);
  if (!token) throw unauthorized();
  return rotateToken(deps, actor.user, token, { expiresAt: input.expiresAt, graceMinutes: input.graceMinutes ?? 0 }, input.ip);
}
