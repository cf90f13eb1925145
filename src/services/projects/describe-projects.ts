import { countOpenIssues } from '../../db/repositories/project-counts.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { hasBranch } from '../../git/repository-state.ts';
import { repositoryPath } from '../../git/repository-path.ts';
import type { UserRow } from '../../db/schema.ts';
import { namespaceFullNames } from '../../db/repositories/groups.ts';

export interface ProjectDetails {
  /** The user whose namespace holds the project. */
  owner: UserRow | undefined;
  openIssuesCount: number;
  /** No branch yet (GitLab's `empty_repo`). */
  emptyRepo: boolean;
  /** The namespace's names from the top-level group down (`Team / Backend`), as `name_with_namespace` begins. */
  namespaceFullName: string;
}


/** Through the read cache: a project's answer reads no repository files until a push or a ref write in it. */
function projectHasBranch(deps: Deps, projectId: number): Promise<boolean> {
  return deps.cachedReads.repositoryHasBranch(projectId, () => hasBranch(repositoryPath(deps.config.dataDir, projectId)));
}

/**
 * What the API shows of projects beyond their rows: each one's owner (the namespace's user), its
 * open issues and whether its repository has a branch yet. For projects the caller may already
 * see: the service that found them decided that. By project id.
 */
export async function describeProjects(deps: Deps, input: { projects: ProjectWithNamespace[] }): Promise<Map<number, ProjectDetails>> {
  const { projects } = input;
  if (projects.length === 1) return describeOne(deps, projects[0]!);
  const [owners, openIssues, branches, fullNames] = await Promise.all([
    findUsersByIds(deps.db, projects.map(({ namespace }) => namespace.owner_id)),
    countOpenIssues(deps.db, projects.map(({ project }) => project.id)),
    Promise.all(projects.map(({ project }) => projectHasBranch(deps, project.id))),
    namespaceFullNames(deps.db, projects.map(({ namespace }) => namespace)),
  ]);
  return new Map(
    projects.map(({ project, namespace }, index) => [
      project.id,
      {
        owner: owners.get(namespace.owner_id),
        openIssuesCount: openIssues.get(project.id) ?? 0,
        emptyRepo: !branches[index],
        namespaceFullName: fullNames.get(namespace.id)!,
      },
    ]),
  );
}

/**
 * One project (GET /projects/:id and the answers to its writes): its owner, its open issues and its
 * namespace's full name through the read cache (refreshed at this request's entry), so a cached
 * answer costs no query and reads no repository files, in a subgroup too.
 */
async function describeOne(deps: Deps, { project, namespace }: ProjectWithNamespace): Promise<Map<number, ProjectDetails>> {
  const [owner, openIssuesCount, branch, namespaceFullName] = await Promise.all([
    deps.cachedReads.userById(namespace.owner_id),
    deps.cachedReads.openIssuesCount(project.id),
    projectHasBranch(deps, project.id),
    deps.cachedReads.namespaceFullName(project.id, namespace),
  ]);
  return new Map([[project.id, { owner, openIssuesCount, emptyRepo: !branch, namespaceFullName }]]);
}
