import { AppError, invalidParam } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import {
  canListRegistryCatalog,
  grantedRepositoryActions,
  type RegistryAbilities,
  type RegistryAccess,
} from '../../policies/registry-policies.ts';
import { findContainerRepositoryByPath } from '../../db/repositories/container-registry.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import { findContainerRepositoryRemoval } from '../../db/repositories/container-repository-removals.ts';
import { principalHasAbility } from '../../policies/ability-policies.ts';
import { canReadProject, type ProjectFacts } from '../../policies/project-policies.ts';
import { parseRegistryScope, type RequestedScope } from '../../registry/registry-scope.ts';
import { REGISTRY_SERVICE } from '../../registry/registry-token.ts';
import { projectFacts } from '../projects/project-context.ts';
import { findImageProject } from './image-project.ts';

/** More scopes than any client asks for in one token request (skopeo asks for two when it mounts). */
const MAX_SCOPES = 20;

export interface RegistryGrant {
  /** The JWT `sub`: the username, which the registry reports back as the actor of its events. */
  subject: string | null;
  access: RegistryAccess[];
}

/**
 * What a registry token may do (GET /jwt/auth): for each requested scope, the actions both gates
 * permit on the project the image path belongs to (the longest prefix of it that is a project's
 * full path, as GitLab resolves it); everything else is dropped silently, and a
 * name is granted only exactly as asked (always inside one project's path), and nothing on a
 * path that still holds another project's images. Malformed scopes are refused outright.
 */
export async function authorizeRegistryAccess(
  deps: Deps,
  actor: Principal,
  input: { service: string | undefined; scopes: readonly string[] },
): Promise<RegistryGrant> {
  if (deps.config.registry.mode === 'off') throw new AppError('not_found', 'registry not enabled');
  if (input.service !== REGISTRY_SERVICE) throw new AppError('not_found', 'unknown service');
  // `scope` may repeat, and (RFC 6749, 3.3) one value may hold several scopes separated by spaces.
  const scopes = input.scopes.flatMap((value) => value.split(/\s+/)).filter((value) => value.length > 0);
  if (scopes.length > MAX_SCOPES) throw invalidParam(`at most ${MAX_SCOPES} scopes may be asked for at once`);
  const requested: RequestedScope[] = scopes.map((raw) => {
    const parsed = parseRegistryScope(raw);
    if (!parsed) throw invalidParam(`scope ${JSON.stringify(raw.slice(0, 300))} is not type:name:actions with a valid repository name`);
    return parsed;
  });

  const abilities: RegistryAbilities = {
    readContainerImage: principalHasAbility(actor, 'read_container_image'),
    createContainerImage: principalHasAbility(actor, 'create_container_image'),
    adminContainerImage: principalHasAbility(actor, 'admin_container_image'),
  };
  const user = actor.kind === 'user' ? actor.user : null;
  const factsByProject = new Map<number, VisibleProject | null>();
  const access: RegistryAccess[] = [];

  for (const scope of requested) {
    if (scope.type === 'registry') {
      if (scope.name === 'catalog' && scope.actions.includes('*') && canListRegistryCatalog(user, abilities)) {
        access.push({ type: 'registry', name: 'catalog', actions: ['*'] });
      }
      continue;
    }
    if (scope.type !== 'repository') continue;
    // One read per scope: the longest prefix of the name that is a project (group/sub/project/app).
    const image = await findImageProject(deps.db, scope.name);
    if (image === undefined) continue;
    const { id } = image.found.project;
    if (!factsByProject.has(id)) factsByProject.set(id, await visibleProject(deps, actor, image.found));
    const project = factsByProject.get(id);
    if (!project || (await heldByAnotherProject(deps, scope.name, project.id))) continue;
    const actions = grantedRepositoryActions(project.facts, abilities, scope.actions);
    if (actions.length > 0) access.push({ type: 'repository', name: scope.name, actions });
  }
  return { subject: user?.username ?? null, access };
}

interface VisibleProject {
  id: number;
  facts: ProjectFacts;
}

/** The facts about a project the principal can see; null when it is hidden from them. */
async function visibleProject(deps: Deps, actor: Principal, found: ProjectWithNamespace): Promise<VisibleProject | null> {
  const { facts } = await projectFacts(deps, actor, found);
  return canReadProject(facts) ? { id: found.project.id, facts } : null;
}

/**
 * True while a repository path still holds images of a project that no longer owns the path: it
 * is listed for removal (its project was deleted or renamed, and the registry has not emptied it
 * yet), or its images were recorded for another project. Nothing is granted on it to anyone.
 */
async function heldByAnotherProject(deps: Deps, path: string, projectId: number): Promise<boolean> {
  if (await findContainerRepositoryRemoval(deps.db, path)) return true;
  const repository = await findContainerRepositoryByPath(deps.db, path);
  return repository !== undefined && repository.project_id !== projectId;
}
