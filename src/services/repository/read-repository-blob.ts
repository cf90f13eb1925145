import type { Readable } from 'node:stream';
import { invalidParam, notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { findBlobById, MAX_INLINE_BLOB_BYTES, readBlobContent } from '../../git/blob-objects.ts';
import { streamBlob } from '../../git/blobs.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findReadableRepository } from './repository-access.ts';

export interface BlobView {
  id: string;
  size: number;
  /** The content as a stream from git. */
  open(): Readable;
  /** The whole content (for answers that inline it); 400 past MAX_INLINE_BLOB_BYTES. */
  read(): Promise<Buffer>;
}

/** GET /projects/:id/repository/blobs/:sha[/raw]: a blob by its id; anything else is 404 "Blob Not Found". */
export async function readRepositoryBlob(deps: Deps, actor: Principal, input: { project: ProjectRef; sha: string }): Promise<BlobView> {
  const repository = await findReadableRepository(deps, actor, input.project);
  const blob = await findBlobById(repository.repositoryDir, input.sha);
  if (blob === null) throw notFound('Blob');
  return {
    ...blob,
    open: () => streamBlob(repository.repositoryDir, blob.id),
    read: async () => {
      if (blob.size > MAX_INLINE_BLOB_BYTES) throw invalidParam(`the blob is larger than ${MAX_INLINE_BLOB_BYTES} bytes: read it with /raw`);
      return readBlobContent(repository.repositoryDir, blob.id);
    },
  };
}
