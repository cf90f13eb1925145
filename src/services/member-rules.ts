import { fieldErrors } from '../domain/errors.ts';
import { activeMembership, memberExpiryProblem } from '../domain/membership.ts';
import type { Db } from '../db/database.ts';
import { findMember } from '../db/repositories/members.ts';
import type { MemberRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

/** The member as they count now (domain/membership.ts): an expired row is as good as removed. */
export async function findActiveMember(deps: Deps, db: Db, projectId: number, userId: number): Promise<MemberRow | undefined> {
  return activeMembership(await findMember(db, projectId, userId), deps.clock.now());
}

/** A new or changed member's expires_at, refused with GitLab's 400 when it is not a date after today. */
export function checkMemberExpiry(deps: Deps, expiresAt: string | null | undefined): void {
  const problem = expiresAt === undefined ? null : memberExpiryProblem(expiresAt, deps.clock.now());
  if (problem !== null) throw fieldErrors({ expires_at: [problem] });
}
