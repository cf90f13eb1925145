import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { listTokens, type TokenFilter, type TokenSort } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findProjectToken, projectForTokenReading } from './project-token-context.ts';

export async function listProjectAccessTokens(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; filter: Omit<TokenFilter, 'projectId' | 'userId' | 'now'>; sort?: TokenSort; page: Page },
): Promise<Paged<TokenRow>> {
  const context = await projectForTokenReading(deps, actor, input.project);
  return listTokens(
    deps.db,
    { ...input.filter, projectId: context.project.id, now: deps.clock.now() },
    input.sort,
    input.page,
  );
}

export async function getProjectAccessToken(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tokenId: number },
): Promise<TokenRow> {
  const context = await projectForTokenReading(deps, actor, input.project);
  return findProjectToken(deps, context.project.id, input.tokenId);
}
