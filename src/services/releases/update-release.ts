import { queueReleaseHook } from '../webhooks/release-hook-payload.ts';
import { notPermitted, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findReleaseByTag, updateReleaseRow } from '../../db/repositories/releases.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { refuseMilestones } from './create-release.ts';
import { findReleaseWriter } from './release-access.ts';
import { releaseView, type ReleaseView } from './release-view.ts';

/** PUT /projects/:id/releases/:tag_name: Developer+; name, description, released_at (milestones: only none). */
export async function updateRelease(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; tagName: string; name?: string; description?: string | null; releasedAt?: string; milestones?: string[] },
): Promise<ReleaseView> {
  const { repository } = await findReleaseWriter(deps, actor, input.project, 'update_release', input.tagName);
  // GitLab authorizes against the release first: a tag without one (or no tag) is 403, as its spec says.
  const release = await findReleaseByTag(deps.db, repository.context.project.id, input.tagName);
  if (!release) throw notPermitted('update_release');
  if (input.name === undefined && input.description === undefined && input.releasedAt === undefined && input.milestones === undefined) {
    throw rejected('params is empty');
  }
  refuseMilestones(input.milestones);
  const updated = await deps.db.transaction().execute(async (trx) => {
    const updated = await updateReleaseRow(trx, release.id, {
      ...(input.name !== undefined && { name: input.name || release.tag_name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.releasedAt !== undefined && { released_at: input.releasedAt }),
      updated_at: deps.clock.now().toISOString(),
    });
    await queueReleaseHook(trx, deps, { action: 'update', release: updated });
    return updated;
  });
  return releaseView(deps, repository, updated, true);
}
