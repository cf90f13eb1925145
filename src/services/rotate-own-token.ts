import { authenticateToken } from '../auth/authenticate-token.ts';
import { requireApiScope } from '../auth/abilities.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { tokenDigest } from '../domain/token-format.ts';
import { findTokenById, findTokenRowByDigest, hasSuccessor } from '../db/repositories/tokens.ts';
import type { TokenRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';
import { revokeRotationChain, rotateToken } from './rotate-project-access-token.ts';

/**
 * POST /projects/:id/access_tokens/self/rotate: the presented token rotates itself. It takes the
 * raw credential because a rotated-away token presented here is reuse, which revokes the chain.
 */
export async function rotateOwnToken(
  deps: Deps,
  presented: string | null,
  input: { project: ProjectRef; expiresAt: string | null; ip: string | null; method: string },
): Promise<{ token: TokenRow; plain: string }> {
  if (presented === null) throw new AppError('unauthorized', 'Unauthorized');
  let principal;
  try {
    principal = await authenticateToken(deps, presented, { ip: input.ip });
  } catch (error) {
    if (error instanceof AppError && error.code === 'token_revoked') {
      const row = await findTokenRowByDigest(deps.db, tokenDigest(deps.secret, presented));
      if (row && (await hasSuccessor(deps.db, row.id))) await revokeRotationChain(deps, row);
    }
    throw error;
  }
  requireApiScope(principal, input.method, ['self_rotate']);
  if (principal.token.projectId === null) throw new AppError('method_not_allowed', 'Method Not Allowed');
  const project = await findVisibleProject(deps, principal, input.project);
  if (principal.token.projectId !== project.project.id) throw notFound('Project');
  const token = await findTokenById(deps.db, principal.token.id);
  if (!token) throw new AppError('unauthorized', 'Unauthorized');
  return rotateToken(deps, principal.user, token, input.expiresAt, input.ip);
}
