import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canReadGroupAccessTokens } from '../../policies/token-policies.ts';
import { findVisibleGroup, type GroupContext, type GroupRef } from '../groups/group-context.ts';
import { findHeldToken } from './project-token-context.ts';

/** The group whose tokens are listed or read: its Owners and admins (a Maintainer gets 401, as GitLab). */
export async function groupForTokenReading(deps: Deps, actor: Principal, group: GroupRef): Promise<GroupContext> {
  const context = await findVisibleGroup(deps, actor, group);
  if (!canReadGroupAccessTokens(context.facts)) throw notPermitted('read_group_access_tokens');
  return context;
}

/** One of this group's tokens (never a subgroup's, nor a project's). */
export const findGroupToken = (deps: Deps, groupId: number, tokenId: number): Promise<TokenRow> => findHeldToken(deps, { kind: 'group', id: groupId }, tokenId);
