import { isAncestor } from './ancestry.ts';
import { mergeBase, mergeTree } from './merge-tree.ts';
import { runGit } from './run-git.ts';
import type { Signature } from './write-commit.ts';

/**
 * Merge, squash and rebase commits built in the bare repository with plumbing only (git 2.39:
 * `merge-tree --write-tree` has no `--merge-base` yet, see cherryPick): nothing is checked out and
 * no ref moves here; the caller moves the target with its expected old value.
 */

export type MergeMethod = 'merge' | 'rebase_merge' | 'ff';

/** Why the source cannot be merged as asked: conflicting files, or (ff, semi-linear) not on the target's tip. */
export type MergeRefusal = 'conflicts' | 'needs_rebase' | 'unrelated';

export interface Stamp {
  actor: Signature;
  date: Date;
}

const when = (date: Date): string => `@${Math.floor(date.getTime() / 1000)} +0000`;

/** A commit object from raw parts (the author's own date kept when given, e.g. a rebased commit). */
async function commitTree(
  dir: string,
  input: { tree: string; parents: readonly string[]; message: string; author: Signature; authorDate: string; committer: Signature; date: Date },
): Promise<string> {
  const out = await runGit(['commit-tree', input.tree, ...input.parents.flatMap((parent) => ['-p', parent])], {
    cwd: dir,
    input: input.message,
    env: {
      GIT_AUTHOR_NAME: input.author.name,
      GIT_AUTHOR_EMAIL: input.author.email,
      GIT_AUTHOR_DATE: input.authorDate,
      GIT_COMMITTER_NAME: input.committer.name,
      GIT_COMMITTER_EMAIL: input.committer.email,
      GIT_COMMITTER_DATE: when(input.date),
    },
  });
  return out.toString('utf8').trim();
}

interface CommitInfo {
  tree: string;
  parents: string[];
  author: Signature;
  authorDate: string;
  message: string;
}

async function readCommit(dir: string, sha: string): Promise<CommitInfo> {
  const out = (await runGit(['show', '-s', '--format=%T%x00%P%x00%an%x00%ae%x00%ad%x00%B', '--date=raw', '--end-of-options', sha], { cwd: dir })).toString('utf8');
  const [tree, parents, name, email, date, ...message] = out.split('\0');
  return { tree: tree!, parents: parents!.split(' ').filter(Boolean), author: { name: name!, email: email! }, authorDate: date!, message: message.join('\0') };
}

/** The non-merge commits on `head` that `base` lacks, oldest first (what a rebase replays, as `git rebase` drops merges). */
async function commitsToReplay(dir: string, base: string, head: string): Promise<string[]> {
  const out = await runGit(['rev-list', '--reverse', '--topo-order', '--no-merges', '--end-of-options', head, `^${base}`], { cwd: dir });
  return out.toString('utf8').split('\n').filter(Boolean);
}

/**
 * `commit` replayed onto `onto` (a cherry-pick): a three-way merge of `onto` and `commit` with the
 * commit's parent as base. git 2.39's merge-tree finds the base itself, so it merges a throwaway
 * commit holding `onto`'s tree on top of that parent: their only common ancestor is the parent.
 */
async function cherryPick(dir: string, onto: string, commit: CommitInfo & { sha: string }, stamp: Stamp): Promise<string | null> {
  const parent = commit.parents[0]!;
  const ontoTree = (await runGit(['rev-parse', '--verify', '--end-of-options', `${onto}^{tree}`], { cwd: dir })).toString('utf8').trim();
  const proxy = await commitTree(dir, { tree: ontoTree, parents: [parent], message: 'rebase\n', author: stamp.actor, authorDate: when(stamp.date), committer: stamp.actor, date: stamp.date });
  const merged = await mergeTree(dir, proxy, commit.sha);
  if (merged.conflicts.length > 0) return null;
  return commitTree(dir, { tree: merged.tree, parents: [onto], message: commit.message, author: commit.author, authorDate: commit.authorDate, committer: stamp.actor, date: stamp.date });
}

/**
 * The source's commits replayed on the target's tip, authors and messages kept, committed by the
 * actor: the new source tip, or null on a conflict. A source already on the tip is returned as is.
 */
export async function rebaseCommits(dir: string, source: string, target: string, stamp: Stamp): Promise<string | null> {
  if (await isAncestor(dir, target, source)) return source;
  let tip = target;
  for (const sha of await commitsToReplay(dir, target, source)) {
    const picked = await cherryPick(dir, tip, { sha, ...(await readCommit(dir, sha)) }, stamp);
    if (picked === null) return null;
    tip = picked;
  }
  return tip;
}

/** One commit holding the source's tree on the merge base, with `message` (GitLab's squash), authored by the source's first commit's author. */
export async function squashCommit(dir: string, source: string, target: string, message: string, stamp: Stamp): Promise<string | null> {
  const base = await mergeBase(dir, target, source);
  if (base === null) return null;
  const [first] = await commitsToReplay(dir, base, source);
  const author = first ? (await readCommit(dir, first)).author : stamp.actor;
  const tree = (await readCommit(dir, source)).tree;
  return commitTree(dir, { tree, parents: [base], message: withNewline(message), author, authorDate: when(stamp.date), committer: stamp.actor, date: stamp.date });
}

const withNewline = (message: string): string => (message.endsWith('\n') ? message : `${message}\n`);

export type MergeOutcome = { commit: string } | { refusal: MergeRefusal };

/**
 * What the target becomes when `source` is merged into it by `method`: a merge commit (`merge`;
 * `rebase_merge` too, but only when the source already holds the target's tip) or the source
 * itself (`ff`, only when the target's tip is in the source).
 */
export async function mergeInto(dir: string, input: { method: MergeMethod; source: string; target: string; message: string; stamp: Stamp }): Promise<MergeOutcome> {
  const { source, target } = input;
  if ((await mergeBase(dir, target, source)) === null) return { refusal: 'unrelated' };
  const onTip = await isAncestor(dir, target, source);
  if (input.method === 'ff') return onTip ? { commit: source } : { refusal: 'needs_rebase' };
  if (input.method === 'rebase_merge' && !onTip) return { refusal: 'needs_rebase' };
  const merged = await mergeTree(dir, target, source);
  if (merged.conflicts.length > 0) return { refusal: 'conflicts' };
  const { actor, date } = input.stamp;
  return { commit: await commitTree(dir, { tree: merged.tree, parents: [target, source], message: withNewline(input.message), author: actor, authorDate: when(date), committer: actor, date }) };
}
