import { type AppError, notFound, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findTokenById } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canReadProjectAccessTokens } from '../../policies/token-policies.ts';
import { tokenHolder, type TokenHolder } from './token-holder.ts';
import { findVisibleProject, type ProjectContext, type ProjectRef } from '../projects/project-context.ts';

export const tokenNotFound = (tokenId: number, kind: 'project' | 'group' = 'project'): AppError =>
  notFound(`Could not find ${kind} access token with token_id: ${tokenId}`);

/** The project whose tokens are listed, read or revoked: Maintainer+ (GitLab answers a Developer 401). */
export async function projectForTokenReading(deps: Deps, actor: Principal, project: ProjectRef): Promise<ProjectContext> {
  const context = await findVisibleProject(deps, actor, project);
  if (!canReadProjectAccessTokens(context.facts)) throw notPermitted('read_project_access_tokens');
  return context;
}

export const findProjectToken = (deps: Deps, projectId: number, tokenId: number): Promise<TokenRow> =>
  findHeldToken(deps, { kind: 'project', id: projectId }, tokenId);

/** One of this project's or group's own tokens (never a subgroup's, nor another holder's); 404 otherwise. */
export async function findHeldToken(deps: Deps, holder: TokenHolder, tokenId: number): Promise<TokenRow> {
  const token = Number.isSafeInteger(tokenId) ? await findTokenById(deps.db, tokenId) : undefined;
  const held = token ? tokenHolder(token) : null;
  if (!token || held?.kind !== holder.kind || held.id !== holder.id) throw tokenNotFound(tokenId, holder.kind);
  return token;
}
