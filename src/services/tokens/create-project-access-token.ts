import { randomBytes } from 'node:crypto';
import { AccessLevel, accessLevelName } from '../../domain/access-levels.ts';
import { AppError, badRequest, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { PROJECT_TOKEN_SCOPES, type Scope } from '../../domain/scopes.ts';
import { insertMember } from '../../db/repositories/members.ts';
import { insertToken } from '../../db/repositories/tokens.ts';
import { insertUser } from '../../db/repositories/users.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canManageProjectAccessTokens, holdsLevel } from '../../policies/token-policies.ts';
import { recordProjectAudit } from '../projects/audit.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { checkedTokenLimits, type TokenLimitsInput } from './token-limit-rules.ts';
import { mintToken, resolveExpiry, tokenNameProblem } from './token-rules.ts';

export interface CreateProjectAccessTokenInput {
  project: ProjectRef;
  name: string;
  description: string | null;
  scopes: string[];
  expiresAt: string | null;
  accessLevel: number | null;
  ip: string | null;
  /** Addresses and CIDR ranges, ref patterns (token-limit-rules.ts); absent or empty: unrestricted. */
  limits?: TokenLimitsInput;
}

/** `[:api, :read_repository]`, as GitLab's audit messages print scopes. */
function auditScopes(scopes: string[]): string {
  return `[${scopes.map((s) => `:${s}`).join(', ')}]`;
}

/** Token, bot user and membership, in one transaction; the plain token is returned once. */
export async function createProjectAccessToken(
  deps: Deps,
  actor: Principal,
  input: CreateProjectAccessTokenInput,
): Promise<{ token: TokenRow; plain: string }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const { user } = requireUser(actor);
  const projectId = context.project.id;
  const level = input.accessLevel ?? AccessLevel.Maintainer;
  const now = deps.clock.now().toISOString();
  const auditFailure = async (error: unknown) => {
    // Only a refusal's own words reach the audit log; an unexpected error is not described there.
    const reason = error instanceof AppError ? error.message : 'an unexpected error occurred';
    try {
      await recordProjectAudit(deps.db, {
        author: user,
        projectId,
        eventName: 'project_access_token_creation_failed',
        message: `Attempted to create project access token but failed with message: ${reason}`,
        target: null,
        ip: input.ip,
        at: now,
      });
    } catch (auditError) {
      deps.log.error({ err: auditError, projectId }, 'could not record a failed project access token creation');
    }
  };

  try {
    if (!canManageProjectAccessTokens(context.facts)) {
      throw notPermitted('create_project_access_token', 'User does not have permission to create project access token');
    }
    if (!holdsLevel(context.facts, level)) {
      throw notPermitted('exceed_own_access_level', 'Access level of the token contains permissions not held by the creating user');
    }
    const problem = tokenNameProblem(input.name, input.description);
    if (problem) throw badRequest(problem);
    if (input.scopes.length === 0 || !input.scopes.every((s) => (PROJECT_TOKEN_SCOPES as readonly string[]).includes(s))) {
      throw badRequest('Scopes can only contain available scopes');
    }
    const expiresAt = resolveExpiry(deps, input.expiresAt);
    const limits = checkedTokenLimits(input.limits ?? {});
    const scopes = [...new Set(input.scopes)] as Scope[];
    const { plain, digest } = mintToken(deps);
    const host = deps.config.externalHost;

    const token = await deps.db.transaction().execute(async (trx) => {
      const username = `project_${projectId}_bot_${randomBytes(8).toString('hex')}`;
      const bot = await insertUser(trx, {
        username,
        name: input.name,
        email: `${username}@noreply.${host}`,
        password_hash: null,
        user_type: 'project_bot',
        is_admin: 0,
        state: 'active',
        bot_project_id: projectId,
        created_at: now,
      });
      await insertMember(trx, {
        project_id: projectId,
        user_id: bot.id,
        access_level: level,
        expires_at: expiresAt,
        created_by_id: user.id,
        created_at: now,
      });
      const row = await insertToken(trx, {
        user_id: bot.id,
        project_id: projectId,
        name: input.name,
        description: input.description,
        digest,
        scopes: JSON.stringify(scopes),
        access_level: level,
        expires_at: expiresAt,
        created_at: now,
        previous_personal_access_token_id: null,
        ...limits,
      });
      await recordProjectAudit(trx, {
        author: user,
        projectId,
        eventName: 'project_access_token_created',
        message: `Created project access token with token_id: ${row.id} with scopes: ${auditScopes(scopes)} and ${accessLevelName(level)} access level.`,
        target: { id: bot.id, type: 'User', details: bot.name },
        ip: input.ip,
        at: now,
      });
      return row;
    });
    return { token, plain };
  } catch (error) {
    await auditFailure(error);
    throw error;
  }
}
