import { GitCommandError, runGit } from './run-git.ts';

export type TreeEntryType = 'blob' | 'tree' | 'commit';

/** One entry of a git tree: `mode` as git prints it (`100644`, `100755`, `120000`, `040000`, `160000`). */
export interface TreeEntry {
  mode: string;
  type: TreeEntryType;
  id: string;
  /** The full path from the root of the tree. */
  path: string;
}

/** Paths are literal: no glob or pathspec magic reaches git from a user. */
const LITERAL = { GIT_LITERAL_PATHSPECS: '1' };
/** argv stays far below the system's limit however many paths a commit touches. */
const ARGV_BUDGET = 64 * 1024;

function parseEntries(out: Buffer, prefix: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, id] = record.slice(0, tab).split(' ') as [string, TreeEntryType, string];
    entries.push({ mode, type, id, path: `${prefix}${record.slice(tab + 1)}` });
  }
  return entries;
}

/**
 * The entries at exactly these paths in `commit` (a directory is its own tree entry, not its
 * content); a path that names nothing is absent from the map.
 */
export async function readTreeEntries(repositoryDir: string, commit: string, paths: readonly string[]): Promise<Map<string, TreeEntry>> {
  const found = new Map<string, TreeEntry>();
  const wanted = new Set(paths);
  let chunk: string[] = [];
  let size = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const out = await runGit(['ls-tree', '-t', '-z', '--full-tree', commit, '--', ...chunk], { cwd: repositoryDir, env: LITERAL });
    for (const entry of parseEntries(out, '')) if (wanted.has(entry.path)) found.set(entry.path, entry);
    chunk = [];
    size = 0;
  };
  for (const path of wanted) {
    if (size + path.length > ARGV_BUDGET) await flush();
    chunk.push(path);
    size += path.length + 1;
  }
  await flush();
  return found;
}

/** Listings larger than this are refused rather than held in memory (about 400,000 entries). */
export const MAX_TREE_LISTING_BYTES = 48 * 1024 * 1024;

export class TreeTooLargeError extends Error {}

/**
 * The entries of the directory `path` (null: the root) in `commit`, with every level below it when
 * `recursive`, in git's order; null when `path` is not a directory there.
 */
export async function listTree(repositoryDir: string, commit: string, path: string | null, recursive: boolean): Promise<TreeEntry[] | null> {
  // `<commit>:<path>` reads the path literally; the commit is a full object id, never an option.
  const treeish = path === null ? `${commit}^{tree}` : `${commit}:${path}`;
  try {
    const out = await runGit(['ls-tree', '-z', ...(recursive ? ['-r', '-t'] : []), treeish], {
      cwd: repositoryDir,
      maxBytes: MAX_TREE_LISTING_BYTES,
    });
    return parseEntries(out, path === null ? '' : `${path}/`);
  } catch (error) {
    if (error instanceof GitCommandError && error.stderr === 'output too large') throw new TreeTooLargeError();
    if (error instanceof GitCommandError) return null;
    throw error;
  }
}
