import type { GitCommit } from './branches.ts';
import { runGit } from './run-git.ts';

/** A commit as `git log` lists it, with its trailers in order (`Signed-off-by`, `Fixes`...). */
export interface LoggedCommit {
  commit: GitCommit;
  trailers: [string, string][];
}

export interface LogQuery {
  /** Resolved commit ids and `^id` exclusions; ignored when `all`. */
  revisions: string[];
  all?: boolean;
  /** A path validated by isGitFilePath, matched literally. */
  path?: string;
  /** ISO 8601 instants, compared with the committer date. */
  since?: string;
  until?: string;
  /** A fixed string matched against `Name <email>` of the author. */
  author?: string;
  firstParent?: boolean;
  topo?: boolean;
  skip?: number;
  limit: number;
}

const FIELDS = ['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%s', '%B', '%(trailers:unfold,separator=%x1d,key_value_separator=%x1c)'];
const FORMAT = `${FIELDS.join('%x1f')}%x1e`;
/** What a page of commits may take of git's output: 16 MB, or 256 KB a commit on a larger page. */
const MIN_OUTPUT_BYTES = 16 * 1024 * 1024;
const MAX_BYTES_PER_COMMIT = 256 * 1024;

/** What git's date parser reads right as `@<seconds>`: from 1973-03-03 to 2099-12-31 (it misreads both ends). */
const GIT_DATE_RANGE = [100_000_000, 4_102_444_799] as const;

/** An instant as git reads it unambiguously, clamped into GIT_DATE_RANGE. */
function gitDate(iso: string): string {
  return `@${Math.min(GIT_DATE_RANGE[1], Math.max(GIT_DATE_RANGE[0], Math.floor(Date.parse(iso) / 1000)))}`;
}

function parseLogRecord(record: string): LoggedCommit | null {
  const fields = record.replace(/^\n/, '').split('\x1f');
  if (fields.length !== FIELDS.length) return null;
  const [id, parents, authorName, authorEmail, authoredDate, committerName, committerEmail, committedDate, title, message, trailers] = fields as [
    string, string, string, string, string, string, string, string, string, string, string,
  ];
  return {
    // GitLab's title is the message's first line (git's %s would join a first paragraph's lines).
    commit: { id, parentIds: parents.split(' ').filter(Boolean), authorName, authorEmail, authoredDate, committerName, committerEmail, committedDate, title: message.split('\n', 1)[0]!.trimEnd() || title, message },
    trailers: trailers
      .split('\x1d')
      .filter((line) => line.includes('\x1c'))
      .map((line) => {
        const at = line.indexOf('\x1c');
        return [line.slice(0, at), line.slice(at + 1)] as [string, string];
      }),
  };
}

/** A page of history, newest first (or topologically), filtered as GitLab's commits list filters it. */
export async function logCommits(repositoryDir: string, query: LogQuery): Promise<LoggedCommit[]> {
  const args = ['--literal-pathspecs', 'log', `--format=${FORMAT}`, `--max-count=${query.limit}`, `--skip=${query.skip ?? 0}`];
  if (query.firstParent) args.push('--first-parent');
  if (query.topo) args.push('--topo-order');
  if (query.since) args.push(`--since=${gitDate(query.since)}`);
  if (query.until) args.push(`--until=${gitDate(query.until)}`);
  if (query.author) args.push('--fixed-strings', `--author=${query.author}`);
  if (query.all) args.push('--all', '--end-of-options');
  else args.push('--end-of-options', ...query.revisions);
  args.push('--', ...(query.path ? [query.path] : []));
  const out = await runGit(args, { cwd: repositoryDir, maxBytes: Math.max(MIN_OUTPUT_BYTES, MAX_BYTES_PER_COMMIT * query.limit) });
  return out
    .toString('utf8')
    .split('\x1e')
    .map(parseLogRecord)
    .filter((commit): commit is LoggedCommit => commit !== null);
}

/** One listed commit by id (or a tag or branch resolved to one), with its trailers. */
export async function logCommit(repositoryDir: string, commitId: string): Promise<LoggedCommit | null> {
  const [commit] = await logCommits(repositoryDir, { revisions: [commitId], limit: 1 });
  return commit ?? null;
}

export interface CommitStats {
  additions: number;
  deletions: number;
  total: number;
}

/**
 * Lines added and removed by each commit against its first parent (a root commit against the
 * empty tree), as GitLab's `stats`; binary files count no lines. One git process for all of them.
 */
export async function commitStats(repositoryDir: string, commitIds: string[]): Promise<Map<string, CommitStats>> {
  const stats = new Map<string, CommitStats>(commitIds.map((id) => [id, { additions: 0, deletions: 0, total: 0 }]));
  if (commitIds.length === 0) return stats;
  const out = await runGit(['diff-tree', '--stdin', '-r', '--root', '--numstat', '-z', '--diff-merges=first-parent', '--no-renames'], {
    cwd: repositoryDir,
    input: `${commitIds.join('\n')}\n`,
    maxBytes: 64 * 1024 * 1024,
  });
  let current: CommitStats | undefined;
  for (const token of out.toString('utf8').split('\0')) {
    if (/^[0-9a-f]{40,64}$/.test(token)) {
      current = stats.get(token);
      continue;
    }
    const match = /^(\d+|-)\t(\d+|-)\t/.exec(token);
    if (!match || !current) continue;
    const added = match[1] === '-' ? 0 : Number(match[1]);
    const deleted = match[2] === '-' ? 0 : Number(match[2]);
    current.additions += added;
    current.deletions += deleted;
    current.total += added + deleted;
  }
  return stats;
}
