import { notFound, rejected } from '../../domain/errors.ts';
import type { UserPrincipal } from '../../domain/principal.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { lastCommitForPath } from '../../git/path-history.ts';
import { isValidBranchName } from '../../git/ref-name.ts';
import { hasBranch } from '../../git/repository-state.ts';
import { readTreeEntries, type TreeEntry } from '../../git/tree-entries.ts';
import { writeBlob, writeCommitObject, writeTree, type Signature } from '../../git/write-commit.ts';
import { applyRefUpdates, RefMovedError } from './apply-ref-updates.ts';
import { indexChangesFor, pathsTouched, type FileAction } from './file-actions.ts';
import type { WritableRepository } from './repository-access.ts';
import { refuseTokensInContents } from './token-leak-rules.ts';

export interface CommitRequest {
  branch: string;
  startBranch?: string;
  startSha?: string;
  /** Overwrite an existing `branch` with a commit built on start_branch / start_sha. */
  force?: boolean;
  message: string;
  authorName?: string;
  authorEmail?: string;
  actions: readonly FileAction[];
  /** What this API says when a file the commit touches changed since it was read (last_commit_id, or a lost race). */
  fileChanged(path: string): string;
}

/** Another writer moved the branch this many times in a row: give up rather than spin. */
const MAX_ATTEMPTS = 25;

interface Target {
  /** The commit the new one builds on; null for a first commit. */
  base: string | null;
  /** What the branch holds now (null: it does not exist yet). */
  before: string | null;
}

const ON_BRANCH = 'You can only create or edit files when you are on a branch';

async function branchTip(repositoryDir: string, branch: string): Promise<string | null> {
  return isValidBranchName(branch) ? resolveCommit(repositoryDir, `refs/heads/${branch}`) : null;
}

/** GitLab's Commits::CreateService checks, in its order: where the commit starts, and where it goes. */
async function resolveTarget(repositoryDir: string, request: CommitRequest): Promise<Target> {
  const empty = !(await hasBranch(repositoryDir));
  let base: string | null = null;
  let newBranch: boolean;
  if (request.startSha !== undefined) {
    if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(request.startSha)) throw rejected(`Invalid start_sha '${request.startSha}'`);
    base = await resolveCommit(repositoryDir, request.startSha);
    if (base === null) throw rejected(`Cannot find start_sha '${request.startSha}'`);
    newBranch = true;
  } else {
    const start = request.startBranch ?? request.branch;
    newBranch = start !== request.branch;
    if (!empty) {
      base = await branchTip(repositoryDir, start);
      if (base === null) throw rejected(ON_BRANCH);
    }
  }
  // The same read as `base` when committing onto the branch itself: a second read could see a
  // newer tip and the update would drop what another writer committed in between.
  const before = newBranch ? await branchTip(repositoryDir, request.branch) : base;
  if (newBranch && before !== null && !request.force) {
    throw rejected(`A branch called '${request.branch}' already exists. Switch to that branch in order to make changes`);
  }
  if (!isValidBranchName(request.branch)) {
    throw rejected(`Something went wrong when we tried to create '${request.branch}' for you: Branch name is invalid`);
  }
  return { base, before };
}

async function checkLastCommits(repositoryDir: string, base: string | null, request: CommitRequest): Promise<void> {
  if (base === null) return;
  for (const action of request.actions) {
    if (action.lastCommitId === undefined) continue;
    const path = action.previousPath ?? action.filePath;
    const last = await lastCommitForPath(repositoryDir, base, path);
    if (last !== null && last !== action.lastCommitId) throw rejected(request.fileChanged(path));
  }
}

/**
 * Unchanged for this commit: the same file, or no file either time (absent, or a directory: what a
 * directory holds is not this commit's business, and validation already ran on the new tip).
 */
const sameEntry = (a: TreeEntry | undefined, b: TreeEntry | undefined) =>
  (a?.type ?? 'tree') === 'tree' && (b?.type ?? 'tree') === 'tree' ? true : a?.id === b?.id && a?.mode === b?.mode;

async function committerOf(deps: Deps, actor: UserPrincipal): Promise<Signature> {
  const user = await findUserById(deps.db, actor.user.id);
  if (!user) throw notFound('User');
  return { name: user.name, email: user.email };
}

/**
 * Builds one commit from file actions on the bare repository (a private index, `hash-object`,
 * `write-tree`, `commit-tree`; no working tree) and moves the branch through applyRefUpdates, which
 * decides protection and records the push event. New contents or a commit message holding an
 * active token of this instance are refused first (push protection). When another writer moved the branch first, the
 * commit is rebuilt on the new tip, as long as every path it touches is the same there; otherwise
 * the caller gets GitLab's refusal (or "changed since you started editing it"). Returns the new
 * commit's id.
 */
export async function commitFileActions(deps: Deps, actor: UserPrincipal, repository: WritableRepository, request: CommitRequest): Promise<string> {
  const dir = repository.repositoryDir;
  const committer = await committerOf(deps, actor);
  const author = { name: request.authorName ?? committer.name, email: request.authorEmail ?? committer.email };
  const paths = pathsTouched(request.actions);
  await refuseTokensInContents(deps, [
    ...request.actions.map((action) => ({ path: action.filePath, content: action.content })),
    { path: 'the commit message', content: Buffer.from(request.message) },
  ]);
  const blobs = new Map<number, string>();
  let first: Map<string, TreeEntry> | undefined;

  for (let attempt = 1; ; attempt += 1) {
    const target = await resolveTarget(dir, request);
    const entries = target.base === null ? new Map<string, TreeEntry>() : await readTreeEntries(dir, target.base, paths);
    await checkLastCommits(dir, target.base, request);
    // Refusals first (they say what is wrong with the request), then the writes.
    indexChangesFor(request.actions, entries, () => 'pending');
    if (first === undefined) {
      first = entries;
    } else {
      const moved = paths.find((path) => !sameEntry(first!.get(path), entries.get(path)));
      if (moved !== undefined) throw rejected(request.fileChanged(moved));
    }
    for (const [index, action] of request.actions.entries()) {
      if (action.content !== undefined && !blobs.has(index)) blobs.set(index, await writeBlob(dir, action.content));
    }
    const changes = indexChangesFor(request.actions, entries, (index) => blobs.get(index));
    const zeroId = '0'.repeat(target.base?.length ?? 40);
    const tree = await writeTree(dir, target.base, changes, zeroId);
    const commit = await writeCommitObject(dir, {
      tree,
      parents: target.base === null ? [] : [target.base],
      message: request.message,
      author,
      committer,
      date: deps.clock.now(),
    });
    try {
      await applyRefUpdates(deps, actor, repository, [{ ref: `refs/heads/${request.branch}`, before: target.before, after: commit }]);
      return commit;
    } catch (error) {
      if (!(error instanceof RefMovedError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
