import { runGit } from './run-git.ts';

export interface ChangedPaths {
  added: string[];
  modified: string[];
  removed: string[];
}

/**
 * The paths each commit adds, modifies and removes against its first parent (a root commit against
 * the empty tree), renames read as a removal and an addition: GitLab's push hook lists. One git
 * process for all the commits.
 */
export async function changedPathsOf(repositoryDir: string, commitIds: readonly string[]): Promise<Map<string, ChangedPaths>> {
  const result = new Map<string, ChangedPaths>();
  if (commitIds.length === 0) return result;
  const out = await runGit(
    ['-c', 'core.quotePath=false', 'diff-tree', '--stdin', '-r', '--no-renames', '--name-status', '--root', '--diff-merges=first-parent'],
    { cwd: repositoryDir, input: `${commitIds.join('\n')}\n`, maxBytes: 16 * 1024 * 1024 },
  );
  let current: ChangedPaths | undefined;
  for (const line of out.toString('utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) {
      if (/^[0-9a-f]{40,64}$/.test(line)) {
        current = { added: [], modified: [], removed: [] };
        result.set(line, current);
      }
      continue;
    }
    if (!current) continue;
    const status = line[0];
    const path = line.slice(tab + 1);
    if (status === 'A') current.added.push(path);
    else if (status === 'D') current.removed.push(path);
    else current.modified.push(path);
  }
  for (const id of commitIds) if (!result.has(id)) result.set(id, { added: [], modified: [], removed: [] });
  return result;
}
