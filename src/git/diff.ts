import { spawn } from 'node:child_process';
import { gitEnvironment, runGit } from './run-git.ts';

/** One changed file, as GitLab's diff entity describes it. */
export interface FileDiff {
  oldPath: string;
  newPath: string;
  aMode: string;
  bMode: string;
  newFile: boolean;
  renamedFile: boolean;
  deletedFile: boolean;
  /** The patch from its first `@@` (or git's "Binary files ... differ"); empty when too large. */
  diff: string;
  tooLarge: boolean;
}

export interface DiffResult {
  files: FileDiff[];
  /** More changed than the caps let through (GitLab's overflow: `compare_timeout`). */
  overflow: boolean;
}

/**
 * What a diff may cost, as GitLab's diff limits: a file's patch above MAX_PATCH_BYTES is sent
 * empty and `too_large`; past MAX_FILES files or MAX_TOTAL_BYTES of patches the rest is left out
 * and the result says `overflow`. git's output is read as it comes and git is stopped at the cap,
 * so a huge diff never sits in memory.
 */
export const DIFF_LIMITS = { MAX_FILES: 1000, MAX_PATCH_BYTES: 200 * 1024, MAX_TOTAL_BYTES: 8 * 1024 * 1024 } as const;

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

interface RawEntry {
  aMode: string;
  bMode: string;
  status: string;
  oldPath: string;
  newPath: string;
}

/** `git diff-tree --raw -z`: `:<a mode> <b mode> <a id> <b id> <status>\0<path>\0[<new path>\0]`. */
function parseRaw(out: string): RawEntry[] {
  const tokens = out.split('\0');
  const entries: RawEntry[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const header = tokens[i]!;
    if (!header.startsWith(':')) continue;
    const [aMode, bMode, , , status] = header.slice(1).split(' ') as [string, string, string, string, string];
    const renamed = status.startsWith('R') || status.startsWith('C');
    const oldPath = tokens[++i] ?? '';
    const newPath = renamed ? (tokens[++i] ?? '') : oldPath;
    entries.push({ aMode, bMode, status: status[0]!, oldPath, newPath });
  }
  return entries;
}

/** GitLab writes a missing side's mode as `0`, not git's `000000`. */
function gitlabMode(mode: string): string {
  return /^0+$/.test(mode) ? '0' : mode;
}

/** Reads git's patch output up to `maxBytes`, then stops git: the caller learns whether it was cut. */
function readPatches(repositoryDir: string, args: string[], maxBytes: number): Promise<{ text: string; cut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: repositoryDir, env: gitEnvironment(), stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let cut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (cut) return;
      const room = maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (chunk.length > room) {
        cut = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!cut && code !== 0) reject(new Error(`git diff-tree failed (${code})`));
      else resolve({ text: Buffer.concat(chunks).toString('utf8'), cut });
    });
  });
}

/** The hunks of one file's patch: from its first `@@` or `Binary files` line; empty for none. */
function hunksOf(patch: string): string {
  const at = patch.search(/^(@@ |Binary files )/m);
  return at < 0 ? '' : patch.slice(at);
}

/**
 * The changes from `from` to `to` (commit ids; `from` null: from the empty tree), file by file,
 * with renames detected, within DIFF_LIMITS.
 */
export async function diffCommits(repositoryDir: string, from: string | null, to: string): Promise<DiffResult> {
  const range = ['--end-of-options', from ?? EMPTY_TREE, to];
  const raw = parseRaw((await runGit(['diff-tree', '-r', '-M', '-z', '--raw', ...range], { cwd: repositoryDir, maxBytes: 32 * 1024 * 1024 })).toString('utf8'));
  const listed = raw.slice(0, DIFF_LIMITS.MAX_FILES);
  const { text, cut } = await readPatches(repositoryDir, ['diff-tree', '-r', '-M', '-p', '--no-color', '--no-ext-diff', ...range], DIFF_LIMITS.MAX_TOTAL_BYTES);
  // A patch starts at a line `diff --git `; every line inside one starts with ' ', '+', '-', '@' or '\'.
  const patches = text.split(/^(?=diff --git )/m).filter((patch) => patch.startsWith('diff --git '));
  // The last patch read may be cut short: it and what follows are left out.
  const complete = cut ? patches.length - 1 : patches.length;
  const files: FileDiff[] = [];
  for (let i = 0; i < Math.min(listed.length, complete); i++) {
    const entry = listed[i]!;
    const patch = patches[i]!;
    const tooLarge = Buffer.byteLength(patch) > DIFF_LIMITS.MAX_PATCH_BYTES;
    files.push({
      oldPath: entry.oldPath,
      newPath: entry.newPath,
      aMode: gitlabMode(entry.aMode),
      bMode: gitlabMode(entry.bMode),
      newFile: entry.status === 'A',
      renamedFile: entry.status === 'R',
      deletedFile: entry.status === 'D',
      diff: tooLarge ? '' : hunksOf(patch),
      tooLarge,
    });
  }
  return { files, overflow: files.length < raw.length };
}

/** The best common ancestor of two commits, or null when their histories never meet. */
export async function mergeBase(repositoryDir: string, a: string, b: string): Promise<string | null> {
  try {
    return (await runGit(['merge-base', '--end-of-options', a, b], { cwd: repositoryDir })).toString('utf8').trim() || null;
  } catch {
    return null;
  }
}
