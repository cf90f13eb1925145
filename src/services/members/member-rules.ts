import { badRequest, fieldErrors } from '../../domain/errors.ts';
import { activeMembership, lastExpiredDate, memberExpiryProblem } from '../../domain/membership.ts';
import type { Db } from '../../db/database.ts';
import { countOwners, findMember } from '../../db/repositories/members.ts';
import type { MemberRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { keepsAnOwner, takesAnOwnerAway } from '../../policies/member-policies.ts';

/** The member as they count now (domain/membership.ts): an expired row is as good as removed. */
export async function findActiveMember(deps: Deps, db: Db, projectId: number, userId: number): Promise<MemberRow | undefined> {
  return activeMembership(await findMember(db, projectId, userId), deps.clock.now());
}

/** A new or changed member's expires_at, refused with GitLab's 400 when it is not a date after today. */
export function checkMemberExpiry(deps: Deps, expiresAt: string | null | undefined): void {
  const problem = expiresAt === undefined ? null : memberExpiryProblem(expiresAt, deps.clock.now());
  if (problem !== null) throw fieldErrors({ expires_at: [problem] });
}

/**
 * Refuses (GitLab's 400) a change or removal (`newLevel` null) that would leave the project
 * without an Owner. Call it inside the transaction that holds the project's member rows locked.
 */
export async function requireAnOwnerLeft(deps: Deps, trx: Db, projectId: number, memberLevel: number, newLevel: number | null): Promise<void> {
  if (!takesAnOwnerAway(memberLevel, newLevel)) return;
  const owners = await countOwners(trx, projectId, lastExpiredDate(deps.clock.now()));
  if (!keepsAnOwner(memberLevel, newLevel, owners)) throw badRequest('A project must keep at least one owner');
}
