import type { Principal } from '../../domain/principal.ts';
import { findProjectById, type ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { createProject, type CreateProjectInput } from '../projects/create-project.ts';
import { removeProjectRecords, removeProjectRepository } from '../projects/remove-project-records.ts';
import { commitFileActions } from './commit-file-actions.ts';
import { findWritableRepository } from './repository-access.ts';

/** GitLab's first commit of a project created with `initialize_with_readme`: its name, then its description. */
export function readmeContent(project: { name: string; description: string | null }): string {
  return `# ${project.name}\n\n${project.description ?? ''}`;
}

/**
 * POST /projects with `initialize_with_readme=true`: the project, then one commit on its default
 * branch adding README.md ("Initial commit", by the creator), as GitLab's Projects::CreateService
 * does, so that the repository can be cloned and branched from at once. The commit goes the way
 * of every API write (protection, push protection, a push event). Should it be refused (a token of
 * this instance in the name or description), the project is removed again: the caller gets the
 * refusal and no project.
 */
export async function createProjectWithReadme(deps: Deps, actor: Principal, input: CreateProjectInput): Promise<ProjectWithNamespace> {
  const user = requireUser(actor);
  const created = await createProject(deps, actor, input);
  const { project } = created;
  try {
    const repository = await findWritableRepository(deps, actor, project.id);
    await commitFileActions(deps, user, repository, {
      branch: project.default_branch,
      message: 'Initial commit',
      actions: [{ action: 'create', filePath: 'README.md', content: Buffer.from(readmeContent(project)) }],
      fileChanged: (path) => `The file has changed since you started editing it: ${path}`,
    });
  } catch (error) {
    await deps.db.transaction().execute((trx) => removeProjectRecords(deps, trx, project.id));
    await removeProjectRepository(deps, project.id);
    throw error;
  }
  return (await findProjectById(deps.db, project.id)) ?? created;
}
