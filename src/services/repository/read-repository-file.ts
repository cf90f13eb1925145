import type { Readable } from 'node:stream';
import { invalidParam, notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { findBlob, resolveCommit, streamBlob } from '../../git/blobs.ts';
import { isGitFilePath } from '../../git/file-path.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from './repository-access.ts';

export interface RawFile {
  fileName: string;
  filePath: string;
  ref: string;
  commitId: string;
  blobId: string;
  size: number;
  /** Opens the content as a stream from git. */
  open(): Readable;
}

/** GET /projects/:id/repository/files/:file_path/raw: a file at a ref (the default branch when none). */
export async function readRepositoryFile(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; filePath: string; ref?: string },
): Promise<RawFile> {
  const repository = await findReadableRepository(deps, actor, input.project);
  if (!isGitFilePath(input.filePath)) throw invalidParam('file_path should be a valid file path');
  const ref = input.ref ?? repository.context.project.default_branch;
  const commitId = await resolveCommit(repository.repositoryDir, ref);
  if (commitId === null) throw notFound('Commit');
  const blob = await findBlob(repository.repositoryDir, commitId, input.filePath);
  if (blob === null) throw notFound('File');
  return {
    fileName: input.filePath.split('/').pop()!,
    filePath: input.filePath,
    ref,
    commitId,
    blobId: blob.id,
    size: blob.size,
    open: () => streamBlob(repository.repositoryDir, blob.id),
  };
}
