import { queueReleaseHook } from '../webhooks/release-hook-payload.ts';
import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteReleaseRow, findReleaseByTag } from '../../db/repositories/releases.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReleaseWriter } from './release-access.ts';
import { releaseView, type ReleaseView } from './release-view.ts';

/** DELETE /projects/:id/releases/:tag_name: Developer+; the release and its links go, its tag stays. Returns it as it was. */
export async function deleteRelease(deps: Deps, actor: Principal, input: { project: ProjectRef; tagName: string }): Promise<ReleaseView> {
  const { repository } = await findReleaseWriter(deps, actor, input.project, 'delete_release', input.tagName);
  // GitLab authorizes against the release first: a tag without one (or no tag) is 403, as its spec says.
  const release = await findReleaseByTag(deps.db, repository.context.project.id, input.tagName);
  if (!release) throw notPermitted('delete_release');
  const view = await releaseView(deps, repository, release, true);
  await deps.db.transaction().execute(async (trx) => {
    await deleteReleaseRow(trx, release.id);
    await queueReleaseHook(trx, deps, { action: 'delete', release, links: view.links });
  });
  return view;
}
