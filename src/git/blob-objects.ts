import { createHash } from 'node:crypto';
import { runGit } from './run-git.ts';
import { streamBlob } from './blobs.ts';

/** The blob `sha` names (a full or abbreviated object id); null for anything else or nothing. */
export async function findBlobById(repositoryDir: string, sha: string): Promise<{ id: string; size: number } | null> {
  if (!/^[0-9a-f]{4,64}$/i.test(sha)) return null;
  const out = await runGit(['cat-file', '--batch-check'], { cwd: repositoryDir, input: `${sha}\n` });
  const [id, type, size] = out.toString('utf8').trim().split(' ');
  if (type !== 'blob' || !id || size === undefined) return null;
  return { id, size: Number(size) };
}

/** Blobs larger than this are not inlined into a JSON answer (the raw routes stream any size). */
export const MAX_INLINE_BLOB_BYTES = 32 * 1024 * 1024;

/** A blob's whole content, for the JSON answers that inline it as base64. */
export async function readBlobContent(repositoryDir: string, blobId: string): Promise<Buffer> {
  return runGit(['cat-file', 'blob', blobId], { cwd: repositoryDir, maxBytes: MAX_INLINE_BLOB_BYTES });
}

/** SHA-256 of a blob's content, read as a stream (HEAD answers it without holding the file). */
export async function blobSha256(repositoryDir: string, blobId: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of streamBlob(repositoryDir, blobId)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
