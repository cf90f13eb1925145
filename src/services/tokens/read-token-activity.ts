import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { listTokenActivity, type TokenActivityFilter } from '../../db/repositories/token-activity.ts';
import type { TokenActivityRow, TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { GroupRef } from '../groups/group-context.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findGroupToken, groupForTokenReading } from './group-token-context.ts';
import { findProjectToken, projectForTokenReading } from './project-token-context.ts';
import { getPersonalAccessToken } from './read-personal-access-tokens.ts';

type ActivityFilter = Omit<TokenActivityFilter, 'tokenId'>;

/** A project access token's uses, newest first: whoever may read the project's tokens (Maintainer+). */
export async function listProjectTokenActivity(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tokenId: number; filter: ActivityFilter; page: Page },
): Promise<Paged<TokenActivityRow>> {
  const context = await projectForTokenReading(deps, actor, input.project);
  return activityOf(deps, await findProjectToken(deps, context.project.id, input.tokenId), input);
}

/** A group access token's uses: whoever may read the group's tokens (Owners, as GitLab). */
export async function listGroupTokenActivity(
  deps: Deps,
  actor: Principal,
  input: { group: GroupRef; tokenId: number; filter: ActivityFilter; page: Page },
): Promise<Paged<TokenActivityRow>> {
  const context = await groupForTokenReading(deps, actor, input.group);
  return activityOf(deps, await findGroupToken(deps, context.group.id, input.tokenId), input);
}

/** A personal access token's uses: its owner or an admin, as reading the token itself. */
export async function listPersonalTokenActivity(
  deps: Deps,
  actor: Principal,
  input: { tokenId: number; filter: ActivityFilter; page: Page },
): Promise<Paged<TokenActivityRow>> {
  return activityOf(deps, await getPersonalAccessToken(deps, actor, { tokenId: input.tokenId }), input);
}

/** A token the caller may read: a page of its uses. */
function activityOf(deps: Deps, token: TokenRow, input: { filter: ActivityFilter; page: Page }): Promise<Paged<TokenActivityRow>> {
  return listTokenActivity(deps.db, { ...input.filter, tokenId: token.id }, input.page);
}
