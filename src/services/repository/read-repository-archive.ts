import type { Readable } from 'node:stream';
import { invalidParam, notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { archiveExtension, streamArchive, treeHasPath } from '../../git/archive.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { isGitFilePath } from '../../git/file-path.ts';
import { isSafeRevision } from '../../git/ref-name.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from './repository-access.ts';

export interface RepositoryArchive {
  /** `<project>-<ref>-<sha>[-<path>].<ext>`, GitLab's name; also the folder every file is under. */
  fileName: string;
  commitId: string;
  open(): Readable;
}

/**
 * GET /projects/:id/repository/archive[.format]: the tree of `sha` (the default branch when none),
 * or of one folder of it, as tar.gz (default), tar, tar.bz2 or zip, streamed from git.
 */
export async function readRepositoryArchive(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; sha?: string; format?: string; path?: string },
): Promise<RepositoryArchive> {
  const extension = archiveExtension(input.format ?? 'tar.gz');
  if (extension === null) throw invalidParam('format does not have a valid value');
  const repository = await findReadableRepository(deps, actor, input.project);
  const { project } = repository.context;
  const ref = input.sha || project.default_branch;
  const commitId = isSafeRevision(ref) ? await resolveCommit(repository.repositoryDir, ref) : null;
  if (commitId === null) throw notFound('File');
  const path = input.path?.replace(/^\/+|\/+$/g, '') || undefined;
  if (path !== undefined && !(isGitFilePath(path) && (await treeHasPath(repository.repositoryDir, commitId, path)))) throw notFound('File');
  // GitLab's API always appends the commit id (`append_sha: true`), even after a commit id.
  const segments = [project.path, ref.replaceAll('/', '-'), commitId, ...(path ? [path.replaceAll('/', '-')] : [])];
  const prefix = segments.join('-');
  return {
    fileName: `${prefix}.${extension}`,
    commitId,
    open: () => streamArchive(repository.repositoryDir, { commitId, extension, prefix, path }),
  };
}
