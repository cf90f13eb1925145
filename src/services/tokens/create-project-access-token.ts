import { AccessLevel } from '../../domain/access-levels.ts';
import type { Principal } from '../../domain/principal.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canManageProjectAccessTokens, holdsLevel } from '../../policies/token-policies.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { createBotToken, type BotTokenInput } from './create-bot-token.ts';

export interface CreateProjectAccessTokenInput extends BotTokenInput {
  project: ProjectRef;
}

/** Token, bot user and membership, in one transaction; the plain token is returned once. */
export async function createProjectAccessToken(
  deps: Deps,
  actor: Principal,
  input: CreateProjectAccessTokenInput,
): Promise<{ token: TokenRow; plain: string }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const { user } = requireUser(actor);
  const permission = { mayCreate: canManageProjectAccessTokens(context.facts), holdsLevel: (level: number) => holdsLevel(context.facts, level) };
  return createBotToken(deps, user, { kind: 'project', id: context.project.id }, permission, input, AccessLevel.Maintainer);
}
