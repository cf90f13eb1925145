import { MAX_GRACE_PERIOD_MINUTES } from '../../domain/active-token.ts';
import { badRequest, invalidParam, notPermitted } from '../../domain/errors.ts';
import type { Actor, Principal } from '../../domain/principal.ts';
import { endGracePeriod, insertToken, revokeTokenRow, supersedeTokenRow } from '../../db/repositories/tokens.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectFacts } from '../../policies/project-policies.ts';
import { canManageAccessTokensOf, holdsLevel } from '../../policies/token-policies.ts';
import { recordAudit } from '../projects/audit.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';
import { findProjectToken } from './project-token-context.ts';
import { recordHolderAudit, setBotMembershipExpiry, tokenHolder } from './token-holder.ts';
import { mintToken, resolveRotationExpiry } from './token-rules.ts';

/**
 * A Maintainer+ human rotates one of the project's tokens (never one above their own level).
 * A caller who may not manage the project's tokens is refused before the token id is looked at.
 */
export async function rotateProjectAccessToken(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tokenId: number; expiresAt: string | null; graceMinutes?: number; ip: string | null },
): Promise<{ token: TokenRow; plain: string }> {
  const context = await findVisibleProject(deps, actor, input.project);
  return rotateHeldToken(deps, actor, context.facts, 'project', () => findProjectToken(deps, context.project.id, input.tokenId), input);
}

/**
 * A human who manages the holder's tokens (by `facts`, where the token is held: a project's
 * Maintainer+, a group's Owner) rotates one of them, never one above their own level; refused
 * before the token id is looked at.
 */
export async function rotateHeldToken(
  deps: Deps,
  actor: Principal,
  facts: ProjectFacts,
  kind: 'project' | 'group',
  findToken: () => Promise<TokenRow>,
  input: { expiresAt: string | null; graceMinutes?: number; ip: string | null },
): Promise<{ token: TokenRow; plain: string }> {
  const principal = requireUser(actor);
  if (!canManageAccessTokensOf(kind, facts)) throw notPermitted(kind === 'project' ? 'rotate_project_access_token' : 'rotate_group_access_token');
  const token = await findToken();
  if (token.revoked || token.superseded_at !== null) throw badRequest('Token already revoked');
  if (!holdsLevel(facts, token.access_level ?? 0)) {
    throw notPermitted('exceed_own_access_level', 'Not eligible to rotate tokens with permissions not held by the user');
  }
  return rotateToken(deps, principal.user, token, { expiresAt: input.expiresAt, graceMinutes: input.graceMinutes ?? 0 }, input.ip);
}

/** What a rotation is asked for: the successor's expiry date, and the old token's grace period. */
export interface RotationRequest {
  expiresAt: string | null;
  /** 0 (the default): the old token is revoked at once; N: it keeps working N more minutes. */
  graceMinutes: number;
}

/**
 * Retires `token` and issues its successor for the same owner (a project's bot or a human), in one
 * transaction, with an audit event on the project (`project_access_token_rotated`) or on the
 * human (`personal_access_token_rotated`). Without a grace
 * period the old token is revoked; with one it is superseded (`superseded_at`, `active_until`) and
 * keeps working until then. A predecessor still inside its own grace period loses the rest of it
 * (only the newest rotated-away token is ever in grace). The conditional write makes concurrent
 * rotations of one token race safely: exactly one wins, the others are told the token is already
 * revoked and leave nothing behind.
 */
export async function rotateToken(
  deps: Deps,
  author: Actor,
  token: TokenRow,
  request: RotationRequest,
  ip: string | null,
): Promise<{ token: TokenRow; plain: string }> {
  if (token.revoked || token.superseded_at !== null) throw badRequest('Token already revoked');
  const graceMinutes = checkedGracePeriod(request.graceMinutes);
  const expiresAt = resolveRotationExpiry(deps, request.expiresAt);
  const { plain, digest } = mintToken(deps);
  const clock = deps.clock.now();
  const now = clock.toISOString();
  const activeUntil = new Date(clock.getTime() + graceMinutes * 60_000).toISOString();
  const successor = await deps.db.transaction().execute(async (trx) => {
    const retired = graceMinutes === 0 ? await revokeTokenRow(trx, token.id) : await supersedeTokenRow(trx, token.id, now, activeUntil);
    if (!retired) throw badRequest('Token already revoked');
    if (token.previous_personal_access_token_id !== null) await endGracePeriod(trx, token.previous_personal_access_token_id, now);
    const row = await insertToken(trx, {
      user_id: token.user_id,
      project_id: token.project_id,
      group_id: token.group_id,
      name: token.name,
      description: token.description,
      digest,
      scopes: token.scopes,
      access_level: token.access_level,
      expires_at: expiresAt,
      created_at: now,
      previous_personal_access_token_id: token.id,
      // The successor keeps the token's limits.
      allowed_ips: token.allowed_ips,
      allowed_refs: token.allowed_refs,
    });
    const holder = tokenHolder(token);
    const noun = holder?.kind ?? 'personal';
    const grace = graceMinutes === 0 ? '' : `; the old token works until ${activeUntil} (grace period of ${graceMinutes} minutes)`;
    const event = { author, message: `Rotated ${noun} access token with token_id: ${token.id}; the new token has token_id: ${row.id}${grace}`, ip, at: now };
    if (holder !== null) {
      await setBotMembershipExpiry(trx, holder, token.user_id, expiresAt);
      await recordHolderAudit(trx, holder, 'access_token_rotated', { ...event, target: { id: token.user_id, type: 'User', details: token.name } });
    } else {
      const target = { id: row.id, type: 'PersonalAccessToken', details: token.name };
      await recordAudit(trx, { type: 'User', id: token.user_id }, { ...event, eventName: 'personal_access_token_rotated', target });
    }
    return row;
  });
  return { token: successor, plain };
}

/** A grace period in whole minutes, 0 to a day (the API's parameter check says the same first). */
function checkedGracePeriod(minutes: number): number {
  if (!Number.isSafeInteger(minutes) || minutes < 0 || minutes > MAX_GRACE_PERIOD_MINUTES) {
    throw invalidParam('grace_period_minutes does not have a valid value');
  }
  return minutes;
}
