import { AccessLevel } from '../../domain/access-levels.ts';
import { notFound } from '../../domain/errors.ts';
import { activeMembership, effectiveLevel } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import { parseProjectRef, type ProjectRef } from '../../domain/project-ref.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { MemberRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canReadProject, type ProjectFacts } from '../../policies/project-policies.ts';

export interface ProjectContext extends ProjectWithNamespace {
  facts: ProjectFacts;
  /** The direct membership (GitLab's project_access); `facts.level` counts the inherited ones too. */
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

/** The direct membership as it counts now: the cache keeps the row, its expiry is decided at every use. */
async function findMembership(deps: Deps, projectId: number, userId: number): Promise<MemberRow | undefined> {
  return activeMembership(await deps.cachedReads.membership(projectId, userId), deps.clock.now());
}

/**
 * The user's level on the project as it counts now: the highest of the direct membership and
 * those of the project's group and its ancestors (domain/membership.ts, effectiveLevel). The one
 * place every transport's project access is resolved (API, git over HTTP and SSH, registry, web).
 */
export async function projectAccessLevel(deps: Deps, found: ProjectWithNamespace, userId: number): Promise<{ level: number; direct: MemberRow | undefined }> {
  const direct = await findMembership(deps, found.project.id, userId);
  // A project in a user's namespace has no group to inherit from: no second read on every request.
  const inherited = found.namespace.kind === 'group' ? await deps.cachedReads.groupMemberships(found.project.id, userId) : [];
  return { level: effectiveLevel([...(direct ? [direct] : []), ...inherited], deps.clock.now()), direct };
}

export async function projectFacts(
  deps: Deps,
  principal: Principal,
  found: ProjectWithNamespace,
): Promise<{ facts: ProjectFacts; membership: MemberRow | undefined }> {
  if (principal.kind === 'anonymous') {
    return { facts: { actor: null, visibility: found.project.visibility, level: 0 }, membership: undefined };
  }
  const { level: memberLevel, direct: membership } = await projectAccessLevel(deps, found, principal.user.id);
  const level = principal.user.isAdmin ? AccessLevel.Owner : memberLevel;
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
