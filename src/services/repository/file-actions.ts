import { rejected } from '../../domain/errors.ts';
import type { TreeEntry } from '../../git/tree-entries.ts';
import type { IndexChange } from '../../git/write-commit.ts';

export const FILE_ACTIONS = ['create', 'delete', 'move', 'update', 'chmod'] as const;
export type FileActionKind = (typeof FILE_ACTIONS)[number];

/** One change of a commit, as the commits API's `actions[]` and the files API describe it (paths already validated). */
export interface FileAction {
  action: FileActionKind;
  filePath: string;
  /** move: where the file was. */
  previousPath?: string;
  /** The decoded content (create, update; move may leave it out to keep the content). */
  content?: Buffer;
  /** true: 100755, false: 100644; absent: create makes 100644, the others keep the mode. */
  executeFilemode?: boolean;
  /** Optimistic locking: the last commit that changed the file, as the client read it. */
  lastCommitId?: string;
}

export const FILE_EXISTS = 'A file with this name already exists';
export const FILE_MISSING = "A file with this name doesn't exist";
export const DIRECTORY_EXISTS = 'A directory with this name already exists';

function parentsOf(filePath: string): string[] {
  const parts = filePath.split('/');
  return parts.slice(1).map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** Every path whose entry decides whether the actions apply: the files, where moved files came from, and the directories above new files. */
export function pathsTouched(actions: readonly FileAction[]): string[] {
  const paths = new Set<string>();
  for (const action of actions) {
    paths.add(action.filePath);
    if (action.previousPath !== undefined) paths.add(action.previousPath);
    if (action.action === 'create' || action.action === 'move') for (const parent of parentsOf(action.filePath)) paths.add(parent);
  }
  return [...paths];
}

const fileMode = (executable: boolean): string => (executable ? '100755' : '100644');

/**
 * Applies the actions, in order, to the entries of the tree they build on (`entries`: the paths of
 * pathsTouched as they are there) and returns the index changes; throws GitLab's refusal for the
 * first action that cannot apply. `blobOf` gives the stored content of an action that carries some.
 */
export function indexChangesFor(
  actions: readonly FileAction[],
  entries: ReadonlyMap<string, TreeEntry>,
  blobOf: (index: number) => string | undefined,
): IndexChange[] {
  const changed = new Map<string, IndexChange['entry']>();
  const newDirectories = new Set<string>();
  const entryAt = (path: string): { mode: string; id: string; type: string } | null => {
    if (changed.has(path)) {
      const entry = changed.get(path)!;
      return entry === null ? null : { ...entry, type: 'blob' };
    }
    if (newDirectories.has(path)) return { mode: '040000', id: '', type: 'tree' };
    return entries.get(path) ?? null;
  };
  const existingFile = (path: string) => {
    const entry = entryAt(path);
    if (entry === null || entry.type !== 'blob') throw rejected(FILE_MISSING);
    return entry;
  };
  const claim = (path: string) => {
    const entry = entryAt(path);
    if (entry !== null) throw rejected(entry.type === 'tree' ? DIRECTORY_EXISTS : FILE_EXISTS);
    for (const parent of parentsOf(path)) {
      const above = entryAt(parent);
      if (above !== null && above.type !== 'tree') throw rejected(FILE_EXISTS);
    }
  };
  const put = (path: string, entry: IndexChange['entry']) => {
    changed.set(path, entry);
    if (entry !== null) for (const parent of parentsOf(path)) newDirectories.add(parent);
  };

  actions.forEach((action, index) => {
    const blob = blobOf(index);
    switch (action.action) {
      case 'create':
        claim(action.filePath);
        put(action.filePath, { mode: fileMode(action.executeFilemode ?? false), id: blob! });
        break;
      case 'update': {
        const current = existingFile(action.filePath);
        put(action.filePath, { mode: action.executeFilemode === undefined ? current.mode : fileMode(action.executeFilemode), id: blob! });
        break;
      }
      case 'delete':
        existingFile(action.filePath);
        put(action.filePath, null);
        break;
      case 'chmod': {
        const current = existingFile(action.filePath);
        put(action.filePath, { mode: fileMode(action.executeFilemode ?? false), id: current.id });
        break;
      }
      case 'move': {
        const source = existingFile(action.previousPath!);
        put(action.previousPath!, null);
        claim(action.filePath);
        put(action.filePath, {
          mode: action.executeFilemode === undefined ? source.mode : fileMode(action.executeFilemode),
          id: blob ?? source.id,
        });
        break;
      }
    }
  });
  return [...changed].map(([path, entry]) => ({ path, entry }));
}
