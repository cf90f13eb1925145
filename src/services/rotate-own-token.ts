import { AppError } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { findTokenById } from '../db/repositories/tokens.ts';
import type { TokenRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';
import { rotateToken } from './rotate-project-access-token.ts';

/**
 * POST /projects/:id/access_tokens/self/rotate: a project access token rotates itself (the route's
 * scope gate lets `api` and `self_rotate` through). Any role will do: the token only replaces
 * itself. A human's token gets 405; another project's token 401, or 404 where it cannot see the
 * project (GitLab's answers).
 */
export async function rotateOwnToken(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; expiresAt: string | null; ip: string | null },
): Promise<{ token: TokenRow; plain: string }> {
  if (actor.kind !== 'user' || actor.via !== 'token') throw new AppError('unauthorized', 'Unauthorized');
  if (actor.token.projectId === null) throw new AppError('method_not_allowed', 'Method Not Allowed');
  const context = await findVisibleProject(deps, actor, input.project);
  if (actor.token.projectId !== context.project.id) throw new AppError('unauthorized', 'Unauthorized');
  const token = await findTokenById(deps.db, actor.token.id);
  if (!token) throw new AppError('unauthorized', 'Unauthorized');
  return rotateToken(deps, actor.user, token, input.expiresAt, input.ip);
}
