import { addDays, utcDate } from '../../domain/clock.ts';
import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { daysUntilExpiry, EXPIRY_WARNING_DAYS } from '../../domain/token-expiry.ts';
import { listProjectTokensExpiringBetween } from '../../db/repositories/token-notices.ts';
import type { Deps } from '../../deps.ts';
import { canReadProjectAccessTokens } from '../../policies/token-policies.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

/** A project access token near its expiry, for the project pages' banner. */
export interface TokenExpiryAlert {
  id: number;
  name: string;
  expiresAt: string;
  /** Days left: 0 or less once it expired. */
  daysLeft: number;
}

/**
 * The project's access tokens expiring within a week or expired in the last week (not revoked,
 * not replaced by a rotation), soonest first, for a viewer who may read its access tokens
 * (Maintainers and up); empty for everyone else and for a project the viewer cannot see.
 */
export async function readTokenExpiryAlerts(deps: Deps, principal: Principal, ref: ProjectRef): Promise<TokenExpiryAlert[]> {
  if (principal.kind === 'anonymous') return [];
  const context = await findVisibleProject(deps, principal, ref).catch((error: unknown) => {
    if (error instanceof AppError) return null; // not found or hidden: the page itself answers
    throw error;
  });
  if (context === null || !canReadProjectAccessTokens(context.facts)) return [];
  const today = utcDate(deps.clock.now());
  const tokens = await listProjectTokensExpiringBetween(
    deps.db,
    context.project.id,
    addDays(today, 1 - EXPIRY_WARNING_DAYS),
    addDays(today, EXPIRY_WARNING_DAYS),
  );
  return tokens.map((token) => ({ id: token.id, name: token.name, expiresAt: token.expires_at!, daysLeft: daysUntilExpiry(token.expires_at!, today) }));
}
