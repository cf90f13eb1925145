import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { listTokenActivity, type TokenActivityFilter } from '../../db/repositories/token-activity.ts';
import type { TokenActivityRow } from '../../db/schema.ts';
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
  const token = await findProjectToken(deps, context.project.id, input.tokenId);
  return listTokenActivity(deps.db, { ...input.filter, tokenId: token.id }, input.page);
}

/** A group access token's uses: whoever may read the group's tokens (Owners, as GitLab). */
export async function listGroupTokenActivity(
  deps: Deps,
  actor: Principal,
  input: { group: GroupRef; tokenId: number; filter: ActivityFilter; page: Page },
): Promise<Paged<TokenActivityRow>> {
  const context = await groupForTokenReading(deps, actor, input.group);
  const token = await findGroupToken(deps, context.group.id, input.tokenId);
  return listTokenActivity(deps.db, { ...input.filter, tokenId: token.id }, input.page);
}

/** A personal access token's uses: its owner or an admin, as reading the token itself. */
export async function listPersonalTokenActivity(
  deps: Deps,
  actor: Principal,
  input: { tokenId: number; filter: ActivityFilter; page: Page },
): Promise<Paged<TokenActivityRow>> {
  const token = await getPersonalAccessToken(deps, actor, { tokenId: input.tokenId });
  return listTokenActivity(deps.db, { ...input.filter, tokenId: token.id }, input.page);
}
