import { AccessLevel } from '../../domain/access-levels.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { listTokens, type TokenFilter, type TokenSort } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canManageGroupAccessTokens, holdsLevel } from '../../policies/token-policies.ts';
import { findVisibleGroup, type GroupRef } from '../groups/group-context.ts';
import { createBotToken, type BotTokenInput } from './create-bot-token.ts';
import { findGroupToken, groupForTokenReading } from './group-token-context.ts';
import { revokeHeldToken } from './revoke-project-access-token.ts';
import { rotateHeldToken } from './rotate-project-access-token.ts';

/**
 * Group access tokens: the project tokens' rules (src/services/tokens/create-bot-token.ts and the
 * shared rotate and revoke), held by a group whose bot reaches the group's projects by inheritance;
 * managed by the group's Owners (direct or inherited) and admins, as in GitLab, never above their level.
 */
export async function createGroupAccessToken(
  deps: Deps,
  actor: Principal,
  input: BotTokenInput & { group: GroupRef },
): Promise<{ token: TokenRow; plain: string }> {
  const context = await findVisibleGroup(deps, actor, input.group);
  const { user } = requireUser(actor);
  const permission = { mayCreate: canManageGroupAccessTokens(context.facts), holdsLevel: (level: number) => holdsLevel(context.facts, level) };
  return createBotToken(deps, user, { kind: 'group', id: context.group.id }, permission, input, AccessLevel.Maintainer);
}

export async function listGroupAccessTokens(
  deps: Deps,
  actor: Principal,
  input: { group: GroupRef; filter: Omit<TokenFilter, 'projectId' | 'groupId' | 'userId' | 'now'>; sort?: TokenSort; page: Page },
): Promise<Paged<TokenRow>> {
  const context = await groupForTokenReading(deps, actor, input.group);
  return listTokens(deps.db, { ...input.filter, groupId: context.group.id, now: deps.clock.now() }, input.sort, input.page);
}

export async function getGroupAccessToken(deps: Deps, actor: Principal, input: { group: GroupRef; tokenId: number }): Promise<TokenRow> {
  const context = await groupForTokenReading(deps, actor, input.group);
  return findGroupToken(deps, context.group.id, input.tokenId);
}

export async function rotateGroupAccessToken(
  deps: Deps,
  actor: Principal,
  input: { group: GroupRef; tokenId: number; expiresAt: string | null; graceMinutes?: number; ip: string | null },
): Promise<{ token: TokenRow; plain: string }> {
  const context = await findVisibleGroup(deps, actor, input.group);
  return rotateHeldToken(deps, actor, context.facts, 'group', () => findGroupToken(deps, context.group.id, input.tokenId), input);
}

/** In one transaction: the token is revoked, the bot leaves the group and is deleted, its records go to the ghost user. */
export async function revokeGroupAccessToken(deps: Deps, actor: Principal, input: { group: GroupRef; tokenId: number; ip: string | null }): Promise<void> {
  const context = await findVisibleGroup(deps, actor, input.group);
  const token = await findGroupToken(deps, context.group.id, input.tokenId);
  await revokeHeldToken(deps, actor, context.facts, token, input.ip);
}
