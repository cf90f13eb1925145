import { AccessLevel } from '../../domain/access-levels.ts';
import { notFound } from '../../domain/errors.ts';
import { activeMembership } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import { parseProjectRef, type ProjectRef } from '../../domain/project-ref.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { MemberRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canReadProject, type ProjectFacts } from '../../policies/project-policies.ts';

export interface ProjectContext extends ProjectWithNamespace {
  facts: ProjectFacts;
  membership: MemberRow | undefined;
}

export type { ProjectRef };

export const PROJECT_NOT_FOUND = 'Project';

/** The project `ref` names, through the read cache (refreshed at this request's entry). */
function findProject(deps: Deps, ref: ProjectRef): Promise<ProjectWithNamespace | undefined> {
  const parsed = parseProjectRef(ref);
  if (parsed === null) return Promise.resolve(undefined);
  return 'id' in parsed ? deps.cachedReads.projectById(parsed.id) : deps.cachedReads.projectByPath(parsed.namespace, parsed.project);
}

/** The membership as it counts now: the cache keeps the row, its expiry is decided at every use. */
async function findMembership(deps: Deps, projectId: number, userId: number): Promise<MemberRow | undefined> {
  return activeMembership(await deps.cachedReads.membership(projectId, userId), deps.clock.now());
}

export async function projectFacts(
  deps: Deps,
  principal: Principal,
  found: ProjectWithNamespace,
): Promise<{ facts: ProjectFacts; membership: MemberRow | undefined }> {
  if (principal.kind === 'anonymous') {
    return { facts: { actor: null, visibility: found.project.visibility, level: 0 }, membership: undefined };
  }
  const membership = await findMembership(deps, found.project.id, principal.user.id);
  const level = principal.user.isAdmin ? AccessLevel.Owner : (membership?.access_level ?? 0);
  return { facts: { actor: principal.user, visibility: found.project.visibility, level }, membership };
}

/** The project as the principal sees it; 404 when it is missing or hidden from them (never a hint). */
export async function findVisibleProject(deps: Deps, principal: Principal, ref: ProjectRef): Promise<ProjectContext> {
  const found = await findProject(deps, ref);
  if (!found) throw notFound(PROJECT_NOT_FOUND);
  const { facts, membership } = await projectFacts(deps, principal, found);
  if (!canReadProject(facts)) throw notFound(PROJECT_NOT_FOUND);
  return { ...found, facts, membership };
}
