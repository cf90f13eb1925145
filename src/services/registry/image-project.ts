import type { Db } from '../../db/database.ts';
import { findProjectByLongestPath, type ProjectWithNamespace } from '../../db/repositories/projects.ts';
import { formatProjectPath, fullPathOf, imageRepositoryCandidates } from '../../domain/project-ref.ts';

export interface ImageProject {
  found: ProjectWithNamespace;
  /** The image name below the project's path ('' for the project's own). */
  image: string;
}

/**
 * The project a registry repository name belongs to, as GitLab resolves it: the longest prefix of
 * the name (the whole name, or without its last one or two components) that is an existing
 * project's full path, read in one query; `group/sub/project/app` is the image `app` of
 * `group/sub/project`. undefined when no prefix is a project.
 */
export async function findImageProject(db: Db, name: string): Promise<ImageProject | undefined> {
  const candidates = imageRepositoryCandidates(name);
  const found = await findProjectByLongestPath(db, candidates.map((candidate) => candidate.project));
  if (!found) return undefined;
  const fullPath = fullPathOf(found).toLowerCase();
  const match = candidates.find((candidate) => formatProjectPath(candidate.project).toLowerCase() === fullPath);
  return match && { found, image: match.image };
}
