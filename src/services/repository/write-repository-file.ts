import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { commitFileActions } from './commit-file-actions.ts';
import type { FileAction } from './file-actions.ts';
import { findWritableRepository } from './repository-access.ts';

/** What POST, PUT and DELETE /projects/:id/repository/files/:file_path share. */
export interface FileWrite {
  project: ProjectRef;
  filePath: string;
  branch: string;
  startBranch?: string;
  message: string;
  authorName?: string;
  authorEmail?: string;
}

const FILE_CHANGED = 'You are attempting to update a file that has changed since you started editing it.';

/** One file action as its own commit on `branch` (start_branch defaults to the branch itself, as in GitLab's files API). */
export async function writeRepositoryFile(deps: Deps, actor: Principal, input: FileWrite, actions: FileAction[]): Promise<void> {
  const user = requireUser(actor);
  const repository = await findWritableRepository(deps, user, input.project);
  await commitFileActions(deps, user, repository, {
    branch: input.branch,
    startBranch: input.startBranch,
    message: input.message,
    authorName: input.authorName,
    authorEmail: input.authorEmail,
    actions,
    fileChanged: () => FILE_CHANGED,
  });
}
