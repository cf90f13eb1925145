import { AccessLevel } from '../../domain/access-levels.ts';
import { fieldErrors, notFound, notPermitted } from '../../domain/errors.ts';
import { pathFromName } from '../../domain/names.ts';
import type { Principal } from '../../domain/principal.ts';
import { insertMember } from '../../db/repositories/members.ts';
import { findNamespaceById, findNamespaceByOwner } from '../../db/repositories/namespaces.ts';
import { insertProtectedBranch } from '../../db/repositories/protected-refs.ts';
import { findProjectById, insertProject, projectPathTaken, type ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { ProjectRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { initBareRepository, removeRepository } from '../../git/bare-repository.ts';
import { repositoryPath } from '../../git/repository-path.ts';
import { canCreateProject } from '../../policies/project-policies.ts';
import { canCreateProjectIn, canReadGroup, narrowedTo } from '../../policies/group-policies.ts';
import { groupFacts, groupVisibility } from '../groups/group-context.ts';
import { checkProjectVisibilityInGroup } from '../groups/group-rules.ts';
import { projectFieldErrors } from './project-rules.ts';

export interface CreateProjectInput {
  name?: string;
  path?: string;
  namespaceId?: number;
  description?: string | null;
  visibility?: ProjectRow['visibility'];
  defaultBranch?: string;
}

/**
 * A project in the actor's namespace (admins may name another user's) with its owner as Owner, or
 * in a group where the actor is Maintainer+ (its members reach it by inheritance); and its bare repository.
 */
export async function createProject(deps: Deps, actor: Principal, input: CreateProjectInput): Promise<ProjectWithNamespace> {
  const principal = requireUser(actor);
  if (!canCreateProject(principal.user)) throw notPermitted('create_project');
  const name = input.name ?? input.path ?? '';
  const path = input.path ?? pathFromName(name);
  const defaultBranch = input.defaultBranch ?? 'main';
  const errors = projectFieldErrors({ name, path, description: input.description, defaultBranch });
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);

  const namespace =
    input.namespaceId === undefined
      ? await findNamespaceByOwner(deps.db, principal.user.id)
      : await findNamespaceById(deps.db, input.namespaceId);
  if (!namespace) throw notFound('Namespace');
  let visibility = input.visibility ?? 'private';
  if (namespace.kind === 'group') {
    // Maintainers of the group and above (GitLab's default project_creation_level); never more visible than the group.
    const { facts } = await groupFacts(deps, deps.db, principal, namespace);
    if (!canReadGroup(facts)) throw notFound('Namespace');
    if (!canCreateProjectIn(facts)) throw notPermitted('create_project');
    if (input.visibility !== undefined) checkProjectVisibilityInGroup(input.visibility, groupVisibility(namespace));
    else visibility = narrowedTo(visibility, groupVisibility(namespace));
  } else if (namespace.owner_id !== principal.user.id && !principal.user.isAdmin) {
    throw notFound('Namespace');
  }

  const now = deps.clock.now().toISOString();
  let createdDir: string | null = null;
  try {
    const project = await deps.db.transaction().execute(async (trx) => {
      if (await projectPathTaken(trx, namespace.id, path)) {
        throw fieldErrors({ path: ['has already been taken'], name: ['has already been taken'] });
      }
      const row = await insertProject(trx, {
        namespace_id: namespace.id,
        name,
        path,
        description: input.description ?? null,
        visibility,
        default_branch: defaultBranch,
        creator_id: principal.user.id,
        issue_counter: 0,
        created_at: now,
        last_activity_at: now,
      });
      // In a user's namespace its owner is the project's Owner; in a group, members come from the group.
      if (namespace.kind === 'user') {
        await insertMember(trx, {
          project_id: row.id,
          user_id: namespace.owner_id,
          access_level: AccessLevel.Owner,
          expires_at: null,
          created_by_id: principal.user.id,
          created_at: now,
        });
      }
      // As in GitLab, the default branch starts protected: Maintainers push and merge, no force push.
      await insertProtectedBranch(trx, {
        project_id: row.id,
        name: defaultBranch,
        push_access_level: AccessLevel.Maintainer,
        merge_access_level: AccessLevel.Maintainer,
        allow_force_push: 0,
        code_owner_approval_required: 0,
        created_at: now,
        updated_at: now,
      });
      // The repository is made inside the transaction: if git fails, no project row survives.
      createdDir = repositoryPath(deps.config.dataDir, row.id);
      await removeRepository(createdDir); // a leftover of a crashed earlier attempt with this id
      await initBareRepository(createdDir, defaultBranch);
      return row;
    });
    return (await findProjectById(deps.db, project.id))!;
  } catch (error) {
    if (createdDir) await removeRepository(createdDir);
    // A concurrent request took the path between our check and our insert.
    if (isUniqueViolation(error)) throw fieldErrors({ path: ['has already been taken'], name: ['has already been taken'] });
    throw error;
  }
}
