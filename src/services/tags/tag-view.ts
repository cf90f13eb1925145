import { fullPathOf } from '../../domain/project-ref.ts';
import { protectedTagNames } from '../../db/repositories/protected-refs.ts';
import { releasesOfTags } from '../../db/repositories/releases.ts';
import type { ReleaseRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { GitTag } from '../../git/tags.ts';
import { refPatternMatches } from '../../policies/protection-policies.ts';
import type { ProjectContext } from '../projects/project-context.ts';

/** A tag as the tags API shows it: from git, with its release and whether a rule protects it. */
export interface TagView {
  tag: GitTag;
  release: ReleaseRow | undefined;
  protected: boolean;
  projectPath: string;
}

/** The views of `tags`: their releases and protection read once for all of them. */
export async function tagViews(deps: Deps, context: ProjectContext, tags: GitTag[]): Promise<TagView[]> {
  const projectId = context.project.id;
  const [releases, rules] = await Promise.all([
    releasesOfTags(deps.db, projectId, tags.map((tag) => tag.name)),
    tags.length === 0 ? [] : protectedTagNames(deps.db, projectId),
  ]);
  const projectPath = fullPathOf(context);
  return tags.map((tag) => ({
    tag,
    release: releases.get(tag.name),
    protected: rules.some((pattern) => refPatternMatches(pattern, tag.name)),
    projectPath,
  }));
}
