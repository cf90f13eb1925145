import { queueReleaseHook } from '../webhooks/release-hook-payload.ts';
import { AppError, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findReleaseByTag, insertRelease, insertReleaseLinks } from '../../db/repositories/releases.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { readTag } from '../../git/tags.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { createTagIn } from '../tags/create-tag.ts';
import { findReleaseWriter } from './release-access.ts';
import { linksErrors, type LinkFields } from './release-rules.ts';
import { releaseView, type ReleaseView } from './release-view.ts';

const releaseExists = () => new AppError('conflict', 'Release already exists');

/** Latchkey has no milestones: naming any is GitLab's answer for milestones that do not exist. */
export function refuseMilestones(milestones: readonly string[] | undefined): void {
  if (milestones && milestones.length > 0) throw rejected(`Milestone(s) not found: ${milestones.join(', ')}`);
}

/**
 * POST /projects/:id/releases: Developer+. The tag is created from `ref` when it does not exist
 * (annotated when `tag_message` is given), before the release and its links are written in one
 * transaction. `released_at` defaults to now; one in the future makes an upcoming release.
 */
export async function createRelease(
  deps: Deps,
  actor: Principal,
  input: {
    project: ProjectRef;
    tagName: string;
    name?: string;
    description?: string | null;
    ref?: string;
    tagMessage?: string;
    releasedAt?: string;
    milestones?: string[];
    links: LinkFields[];
  },
): Promise<ReleaseView> {
  const { user, repository } = await findReleaseWriter(deps, actor, input.project, 'create_release', input.tagName);
  const projectId = repository.context.project.id;
  if (await findReleaseByTag(deps.db, projectId, input.tagName)) throw releaseExists();
  refuseMilestones(input.milestones);
  const errors = linksErrors(input.links);
  if (errors.length > 0) throw rejected(`Validation failed: ${errors.join(', ')}`);
  if (!(await readTag(repository.repositoryDir, input.tagName))) {
    if (input.ref === undefined || input.ref === '') throw rejected('Ref is not specified', 422);
    try {
      await createTagIn(deps, user, repository, { name: input.tagName, ref: input.ref, message: input.tagMessage });
    } catch (error) {
      // Another request made the tag meanwhile (for the same release, most likely): use it, as
      // GitLab uses a tag that exists.
      if (!(await readTag(repository.repositoryDir, input.tagName))) throw error;
    }
  }
  const now = deps.clock.now().toISOString();
  try {
    const release = await deps.db.transaction().execute(async (trx) => {
      const row = await insertRelease(trx, {
        project_id: projectId,
        tag_name: input.tagName,
        name: input.name || input.tagName,
        description: input.description ?? null,
        author_id: user.user.id,
        released_at: input.releasedAt ?? now,
        created_at: now,
        updated_at: now,
      });
      await insertReleaseLinks(
        trx,
        input.links.map((link) => ({ release_id: row.id, name: link.name, url: link.url, direct_asset_path: link.filepath, link_type: link.linkType, created_at: now, updated_at: now })),
      );
      await queueReleaseHook(trx, deps, { action: 'create', release: row });
      return row;
    });
    return await releaseView(deps, repository, release, true);
  } catch (error) {
    if (isUniqueViolation(error)) throw releaseExists(); // another request made it since the check above
    throw error;
  }
}
