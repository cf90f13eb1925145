import type { Readable } from 'node:stream';
import { invalidParam, notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { blobSha256, MAX_INLINE_BLOB_BYTES, readBlobContent } from '../../git/blob-objects.ts';
import { findBlob, resolveCommit, streamBlob } from '../../git/blobs.ts';
import { isGitFilePath } from '../../git/file-path.ts';
import { lastCommitForPath } from '../../git/path-history.ts';
import { readTreeEntries } from '../../git/tree-entries.ts';
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

export interface RepositoryFile extends RawFile {
  executable: boolean;
  lastCommitId: string | null;
  contentSha256: string;
  /** The whole content (the JSON answer inlines it); 400 past MAX_INLINE_BLOB_BYTES. */
  read(): Promise<Buffer>;
}

async function locateFile(deps: Deps, actor: Principal, input: { project: ProjectRef; filePath: string; ref?: string }) {
  const repository = await findReadableRepository(deps, actor, input.project);
  if (!isGitFilePath(input.filePath)) throw invalidParam('file_path should be a valid file path');
  const ref = input.ref ?? repository.context.project.default_branch;
  const commitId = await resolveCommit(repository.repositoryDir, ref);
  if (commitId === null) throw notFound('Commit');
  const blob = await findBlob(repository.repositoryDir, commitId, input.filePath);
  if (blob === null) throw notFound('File');
  const file: RawFile = {
    fileName: input.filePath.split('/').pop()!,
    filePath: input.filePath,
    ref,
    commitId,
    blobId: blob.id,
    size: blob.size,
    open: () => streamBlob(repository.repositoryDir, blob.id),
  };
  return { repositoryDir: repository.repositoryDir, file };
}

/** GET /projects/:id/repository/files/:file_path/raw: a file at a ref (the default branch when none). */
export async function readRepositoryFile(deps: Deps, actor: Principal, input: { project: ProjectRef; filePath: string; ref?: string }): Promise<RawFile> {
  return (await locateFile(deps, actor, input)).file;
}

/** GET and HEAD /projects/:id/repository/files/:file_path: the file with GitLab's metadata (mode, last commit, SHA-256). */
export async function readRepositoryFileWithMetadata(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; filePath: string; ref: string },
): Promise<RepositoryFile> {
  const { repositoryDir, file } = await locateFile(deps, actor, input);
  const [entries, lastCommitId, contentSha256] = await Promise.all([
    readTreeEntries(repositoryDir, file.commitId, [file.filePath]),
    lastCommitForPath(repositoryDir, file.commitId, file.filePath),
    blobSha256(repositoryDir, file.blobId),
  ]);
  return {
    ...file,
    executable: entries.get(file.filePath)?.mode === '100755',
    lastCommitId,
    contentSha256,
    read: async () => {
      if (file.size > MAX_INLINE_BLOB_BYTES) throw invalidParam(`the file is larger than ${MAX_INLINE_BLOB_BYTES} bytes: read it with /raw`);
      return readBlobContent(repositoryDir, file.blobId);
    },
  };
}
