import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { gitEnvironment, runGit } from './run-git.ts';

/** The commit a branch, tag or SHA names; null when it names none (or is not a safe revision). */
export async function resolveCommit(repositoryDir: string, ref: string): Promise<string | null> {
  if (ref.length === 0 || ref.length > 1024 || ref.startsWith('-') || /[\x00-\x20\x7f:]/.test(ref)) return null;
  try {
    const out = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd: repositoryDir });
    return out.toString('utf8').trim() || null;
  } catch {
    return null;
  }
}

export interface BlobInfo {
  id: string;
  size: number;
}

/** The blob at `path` in `commit`; null for a missing path or a tree. */
export async function findBlob(repositoryDir: string, commit: string, filePath: string): Promise<BlobInfo | null> {
  if (filePath.length === 0 || filePath.length > 4096 || /[\x00\n\r]/.test(filePath)) return null;
  const out = await runGit(['cat-file', '--batch-check'], { cwd: repositoryDir, input: `${commit}:${filePath}\n` });
  const [id, type, size] = out.toString('utf8').trim().split(' ');
  if (type !== 'blob' || !id || size === undefined) return null;
  return { id, size: Number(size) };
}

/** A blob's content as a stream straight from git (never read whole into memory). */
export function streamBlob(repositoryDir: string, blobId: string): Readable {
  const child = spawn('git', ['cat-file', 'blob', blobId], { cwd: repositoryDir, env: gitEnvironment(), stdio: ['ignore', 'pipe', 'ignore'] });
  child.on('error', (error) => child.stdout.destroy(error));
  return child.stdout;
}
