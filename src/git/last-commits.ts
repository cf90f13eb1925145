import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { gitEnvironment } from './run-git.ts';

/** What a tree listing shows of the last commit that touched an entry. */
export interface CommitSummary {
  id: string;
  authoredDate: string;
  authorName: string;
  title: string;
}

/** git's `2026-12-02T01:00:00+01:00` as UTC with milliseconds, as every timestamp on a page. */
const utc = (iso: string): string => (Number.isNaN(Date.parse(iso)) ? iso : new Date(iso).toISOString());

/** How far back the walk goes before it gives up on the entries not found yet. */
export const LAST_COMMITS_MAX_WALK = 1000;

/**
 * The last commit that changed each of `names` (entries of the directory `dir`, '' for the root)
 * in the history of `commit`: one `git log --name-only` walk, newest first, stopped as soon as
 * every entry is found or after LAST_COMMITS_MAX_WALK commits (entries not reached are absent).
 * `latest` is the newest commit that touched the directory at all.
 */
export async function lastCommitsOfEntries(
  repositoryDir: string,
  commit: string,
  dir: string,
  names: readonly string[],
): Promise<{ latest: CommitSummary | null; byName: Map<string, CommitSummary> }> {
  const wanted = new Set(names);
  const byName = new Map<string, CommitSummary>();
  let latest: CommitSummary | null = null;
  const prefix = dir === '' ? '' : `${dir}/`;
  const args = ['--literal-pathspecs', 'log', '--format=%x1e%H%x1f%aI%x1f%an%x1f%s', '--name-only', '-z', '--no-renames', `--max-count=${LAST_COMMITS_MAX_WALK}`, commit, '--', ...(dir === '' ? [] : [dir])];
  const child = spawn('git', args, { cwd: repositoryDir, env: gitEnvironment(), stdio: ['ignore', 'pipe', 'ignore'] });
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const take = (record: string) => {
    const end = record.indexOf('\0');
    const [id, authoredDate, authorName, title] = (end < 0 ? record : record.slice(0, end)).split('\x1f') as [string, string, string, string];
    if (!id || title === undefined) return;
    const summary: CommitSummary = { id, authoredDate: utc(authoredDate), authorName, title };
    latest ??= summary;
    if (end < 0) return;
    for (const file of record.slice(end + 1).replace(/^\n/, '').split('\0')) {
      if (!file.startsWith(prefix)) continue;
      const name = file.slice(prefix.length).split('/', 1)[0]!;
      if (wanted.has(name) && !byName.has(name)) byName.set(name, summary);
    }
  };
  try {
    for await (const chunk of child.stdout) {
      pending += decoder.write(chunk as Buffer);
      const records = pending.split('\x1e');
      pending = records.pop()!;
      for (const record of records) take(record);
      if (byName.size === wanted.size && latest !== null) break;
    }
    take(pending);
  } finally {
    child.kill('SIGKILL');
  }
  return { latest, byName };
}
