import { badRequest, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { updateTokenLimits } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canManageProjectAccessTokens, holdsLevel } from '../../policies/token-policies.ts';
import { recordProjectAudit } from '../projects/audit.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { findProjectToken } from './project-token-context.ts';
import { checkedTokenLimits, describeLimit, type TokenLimitColumns, type TokenLimitsInput } from './token-limit-rules.ts';

export interface UpdateProjectAccessTokenInput {
  project: ProjectRef;
  tokenId: number;
  limits: TokenLimitsInput;
  ip: string | null;
}

/** "allowed_ips from none to [10.0.0.0/8]; allowed_refs from [refs/heads/*] to none" for what changed, or null. */
function changesOf(token: TokenRow, columns: TokenLimitColumns): string | null {
  const changed = (['allowed_ips', 'allowed_refs'] as const)
    .filter((column) => columns[column] !== undefined && columns[column] !== token[column])
    .map((column) => `${column} from ${describeLimit(token[column])} to ${describeLimit(columns[column])}`);
  return changed.length === 0 ? null : changed.join('; ');
}

/**
 * A Maintainer+ human changes where one of the project's tokens may be used from and which refs it
 * may update (never a token above their own level; a revoked token is refused). The change and
 * its audit event (naming what changed) are one transaction; the next request with the token,
 * on any node, sees it (the credentials epoch moves).
 */
export async function updateProjectAccessToken(deps: Deps, actor: Principal, input: UpdateProjectAccessTokenInput): Promise<TokenRow> {
  const context = await findVisibleProject(deps, actor, input.project);
  const { user } = requireUser(actor);
  if (!canManageProjectAccessTokens(context.facts)) throw notPermitted('update_project_access_token');
  const token = await findProjectToken(deps, context.project.id, input.tokenId);
  if (!holdsLevel(context.facts, token.access_level ?? 0)) {
    throw notPermitted('exceed_own_access_level', 'Not eligible to update tokens with permissions not held by the user');
  }
  if (token.revoked) throw badRequest('Token already revoked');
  const columns = checkedTokenLimits(input.limits);
  const changes = changesOf(token, columns);
  if (changes === null) return token;
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await updateTokenLimits(trx, token.id, columns);
    await recordProjectAudit(trx, {
      author: user,
      projectId: context.project.id,
      eventName: 'project_access_token_updated',
      message: `Updated project access token with token_id: ${token.id}: ${changes}`,
      target: { id: token.user_id, type: 'User', details: token.name },
      ip: input.ip,
      at: now,
    });
    return row;
  });
}
