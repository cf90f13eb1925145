import { streamBlob } from './blobs.ts';

/** The first `bytes` bytes of a blob (fewer when it is shorter), without reading the rest. */
export async function readBlobHead(repositoryDir: string, blobId: string, bytes: number): Promise<Buffer> {
  const stream = streamBlob(repositoryDir, blobId);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

/** git's own test for binary content: a NUL byte in the first 8000 bytes. */
export const BINARY_SNIFF_BYTES = 8000;
export const looksBinary = (head: Buffer): boolean => head.subarray(0, BINARY_SNIFF_BYTES).includes(0);
