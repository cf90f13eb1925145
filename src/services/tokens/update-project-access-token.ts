import { badRequest, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { updateTokenLimits } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectFacts } from '../../policies/project-policies.ts';
import { canManageAccessTokensOf, holdsLevel } from '../../policies/token-policies.ts';
import { findVisibleGroup, type GroupRef } from '../groups/group-context.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { findGroupToken } from './group-token-context.ts';
import { findProjectToken } from './project-token-context.ts';
import { checkedTokenLimits, describeLimit, type TokenLimitColumns, type TokenLimitsInput } from './token-limit-rules.ts';
import { recordHolderAudit, tokenHolder } from './token-holder.ts';

export interface UpdateHeldTokenInput {
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
export async function updateProjectAccessToken(deps: Deps, actor: Principal, input: UpdateHeldTokenInput & { project: ProjectRef }): Promise<TokenRow> {
  const context = await findVisibleProject(deps, actor, input.project);
  return updateHeldToken(deps, actor, context.facts, 'project', () => findProjectToken(deps, context.project.id, input.tokenId), input);
}

/** The same for a group's token, by the group's Owners (as creating and rotating it). */
export async function updateGroupAccessToken(deps: Deps, actor: Principal, input: UpdateHeldTokenInput & { group: GroupRef }): Promise<TokenRow> {
  const context = await findVisibleGroup(deps, actor, input.group);
  return updateHeldToken(deps, actor, context.facts, 'group', () => findGroupToken(deps, context.group.id, input.tokenId), input);
}

/** A project's or group's token's limits changed by someone with `facts` where it is held. */
async function updateHeldToken(
  deps: Deps,
  actor: Principal,
  facts: ProjectFacts,
  kind: 'project' | 'group',
  findToken: () => Promise<TokenRow>,
  input: UpdateHeldTokenInput,
): Promise<TokenRow> {
  const { user } = requireUser(actor);
  if (!canManageAccessTokensOf(kind, facts)) throw notPermitted(kind === 'project' ? 'update_project_access_token' : 'update_group_access_token');
  const token = await findToken();
  if (!holdsLevel(facts, token.access_level ?? 0)) {
    throw notPermitted('exceed_own_access_level', 'Not eligible to update tokens with permissions not held by the user');
  }
  if (token.revoked) throw badRequest('Token already revoked');
  const columns = checkedTokenLimits(input.limits);
  const changes = changesOf(token, columns);
  if (changes === null) return token;
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await updateTokenLimits(trx, token.id, columns);
    await recordHolderAudit(trx, tokenHolder(token)!, 'access_token_updated', {
      author: user,
      message: `Updated ${kind} access token with token_id: ${token.id}: ${changes}`,
      target: { id: token.user_id, type: 'User', details: token.name },
      ip: input.ip,
      at: now,
    });
    return row;
  });
}
