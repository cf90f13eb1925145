import { rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteReleaseRow, findReleaseByTag } from '../../db/repositories/releases.ts';
import type { Deps } from '../../deps.ts';
import { readTag } from '../../git/tags.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReleaseWriter } from './release-access.ts';
import { releaseView, type ReleaseView } from './release-view.ts';

/** DELETE /projects/:id/releases/:tag_name: Developer+; the release and its links go, its tag stays. Returns it as it was. */
export async function deleteRelease(deps: Deps, actor: Principal, input: { project: ProjectRef; tagName: string }): Promise<ReleaseView> {
  const { repository } = await findReleaseWriter(deps, actor, input.project, 'delete_release', input.tagName);
  if (!(await readTag(repository.repositoryDir, input.tagName))) throw rejected('Tag does not exist', 404);
  const release = await findReleaseByTag(deps.db, repository.context.project.id, input.tagName);
  if (!release) throw rejected('Release does not exist', 404);
  const view = await releaseView(deps, repository, release, true);
  await deleteReleaseRow(deps.db, release.id);
  return view;
}
