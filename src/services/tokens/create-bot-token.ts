import { randomBytes } from 'node:crypto';
import { accessLevelName } from '../../domain/access-levels.ts';
import { AppError, badRequest, notPermitted } from '../../domain/errors.ts';
import type { Actor } from '../../domain/principal.ts';
import { PROJECT_TOKEN_SCOPES, type Scope } from '../../domain/scopes.ts';
import { insertGroupMember } from '../../db/repositories/group-members.ts';
import { insertMember } from '../../db/repositories/members.ts';
import { insertToken } from '../../db/repositories/tokens.ts';
import { insertUser } from '../../db/repositories/users.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { recordHolderAudit, type TokenHolder } from './token-holder.ts';
import { checkedTokenLimits, type TokenLimitsInput } from './token-limit-rules.ts';
import { mintToken, resolveExpiry, tokenNameProblem } from './token-rules.ts';

/** What a project or group access token is created with (the API's parameters). */
export interface BotTokenInput {
  name: string;
  description: string | null;
  scopes: string[];
  expiresAt: string | null;
  accessLevel: number | null;
  ip: string | null;
  /** Addresses and CIDR ranges, ref patterns (token-limit-rules.ts); absent or empty: unrestricted. */
  limits?: TokenLimitsInput;
}

/** The creator's standing where the token is made: whether they may, and whether they hold `level`. */
export interface BotTokenPermission {
  mayCreate: boolean;
  holdsLevel: (level: number) => boolean;
}

/** `[:api, :read_repository]`, as GitLab's audit messages print scopes. */
function auditScopes(scopes: string[]): string {
  return `[${scopes.map((s) => `:${s}`).join(', ')}]`;
}

/**
 * Token, bot user and the bot's membership of the project or group, in one transaction, with
 * GitLab's checks and audit events (`<kind>_access_token_created`, `…_creation_failed`); the plain
 * token is returned once.
 */
export async function createBotToken(
  deps: Deps,
  creator: Actor,
  holder: TokenHolder,
  permission: BotTokenPermission,
  input: BotTokenInput,
  defaultLevel: number,
): Promise<{ token: TokenRow; plain: string }> {
  const level = input.accessLevel ?? defaultLevel;
  const now = deps.clock.now().toISOString();
  const kind = holder.kind;
  try {
    if (!permission.mayCreate) {
      throw notPermitted(kind === 'project' ? 'create_project_access_token' : 'create_group_access_token', `User does not have permission to create ${kind} access token`);
    }
    if (!permission.holdsLevel(level)) {
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
      const username = `${kind}_${holder.id}_bot_${randomBytes(8).toString('hex')}`;
      const bot = await insertUser(trx, {
        username,
        name: input.name,
        email: `${username}@noreply.${host}`,
        password_hash: null,
        // GitLab's user_type for the bots of group tokens too.
        user_type: 'project_bot',
        is_admin: 0,
        state: 'active',
        bot_project_id: kind === 'project' ? holder.id : null,
        bot_group_id: kind === 'group' ? holder.id : null,
        created_at: now,
      });
      const membership = { user_id: bot.id, access_level: level, expires_at: expiresAt, created_by_id: creator.id, created_at: now };
      if (kind === 'project') await insertMember(trx, { project_id: holder.id, ...membership });
      else await insertGroupMember(trx, { group_id: holder.id, ...membership });
      const row = await insertToken(trx, {
        user_id: bot.id,
        project_id: kind === 'project' ? holder.id : null,
        group_id: kind === 'group' ? holder.id : null,
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
      await recordHolderAudit(trx, holder, 'access_token_created', {
        author: creator,
        message: `Created ${kind} access token with token_id: ${row.id} with scopes: ${auditScopes(scopes)} and ${accessLevelName(level)} access level.`,
        target: { id: bot.id, type: 'User', details: bot.name },
        ip: input.ip,
        at: now,
      });
      return row;
    });
    return { token, plain };
  } catch (error) {
    // Only a refusal's own words reach the audit log; an unexpected error is not described there.
    const reason = error instanceof AppError ? error.message : 'an unexpected error occurred';
    try {
      await recordHolderAudit(deps.db, holder, 'access_token_creation_failed', {
        author: creator,
        message: `Attempted to create ${kind} access token but failed with message: ${reason}`,
        target: null,
        ip: input.ip,
        at: now,
      });
    } catch (auditError) {
      deps.log.error({ err: auditError, holder }, `could not record a failed ${kind} access token creation`);
    }
    throw error;
  }
}
