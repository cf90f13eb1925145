import { fullPathOf } from '../../domain/project-ref.ts';
import { linksOfReleases } from '../../db/repositories/releases.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { ReleaseLinkRow, ReleaseRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { GitCommit } from '../../git/branches.ts';
import { readTags } from '../../git/tags.ts';
import type { ProjectContext } from '../projects/project-context.ts';

/** A release as the API shows it: the row, its author, the commit its tag points at, its links. */
export interface ReleaseView {
  release: ReleaseRow;
  author: UserRow | undefined;
  commit: GitCommit | null;
  links: ReleaseLinkRow[];
  projectPath: string;
  projectName: string;
  /** released_at is still ahead. */
  upcoming: boolean;
  /** The caller may edit it (GitLab's `_links.edit_url`). */
  canEdit: boolean;
}

/** The views of `releases`: authors, links and tags read once for all of them. */
export async function releaseViews(
  deps: Deps,
  repository: { context: ProjectContext; repositoryDir: string },
  releases: readonly ReleaseRow[],
  /** Whether the caller may edit the release of this tag. */
  canEdit: (tagName: string) => boolean,
): Promise<ReleaseView[]> {
  const authorIds = [...new Set(releases.flatMap((release) => (release.author_id === null ? [] : [release.author_id])))];
  const [authors, links, tags] = await Promise.all([
    findUsersByIds(deps.db, authorIds),
    linksOfReleases(deps.db, releases.map((release) => release.id)),
    readTags(repository.repositoryDir, releases.map((release) => release.tag_name)),
  ]);
  const commits = new Map(tags.map((tag) => [tag.name, tag.commit]));
  const now = deps.clock.now().toISOString();
  return releases.map((release) => ({
    release,
    author: release.author_id === null ? undefined : authors.get(release.author_id),
    commit: commits.get(release.tag_name) ?? null,
    links: links.get(release.id) ?? [],
    projectPath: fullPathOf(repository.context),
    projectName: repository.context.project.path,
    upcoming: release.released_at > now,
    canEdit: canEdit(release.tag_name),
  }));
}

export async function releaseView(
  deps: Deps,
  repository: { context: ProjectContext; repositoryDir: string },
  release: ReleaseRow,
  canEdit: boolean,
): Promise<ReleaseView> {
  return (await releaseViews(deps, repository, [release], () => canEdit))[0]!;
}
