import type { TagView } from '../../services/tags/tag-view.ts';
import { presentCommit } from './repository.ts';

/** GitLab's Tag entity; `release` is its TagRelease (`{tag_name, description}`) or null. */
export function presentTag(view: TagView, baseUrl: string) {
  const { tag, release } = view;
  return {
    name: tag.name,
    message: tag.message,
    target: tag.target,
    commit: tag.commit && presentCommit(tag.commit, `${baseUrl}/${view.projectPath}`),
    release: release ? { tag_name: release.tag_name, description: release.description } : null,
    protected: view.protected,
    created_at: tag.createdAt,
  };
}
