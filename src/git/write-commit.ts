import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runGit } from './run-git.ts';

/** Stores `content` as a blob (`hash-object -w --stdin`) and returns its id. */
export async function writeBlob(repositoryDir: string, content: Buffer): Promise<string> {
  const out = await runGit(['hash-object', '-w', '--stdin'], { cwd: repositoryDir, input: content });
  return out.toString('utf8').trim();
}

/** An entry to put at `path` (`mode` 100644, 100755 or 120000, a blob id), or null to remove it. */
export interface IndexChange {
  path: string;
  entry: { mode: string; id: string } | null;
}

/**
 * The tree of `base` (null: an empty tree) with `changes` applied, written with git's plumbing in
 * a private index file that is removed afterwards: no working tree, no checkout, nothing another
 * writer of the repository could see.
 */
export async function writeTree(repositoryDir: string, base: string | null, changes: readonly IndexChange[], zeroId: string): Promise<string> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'latchkey-index-'));
  const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
  try {
    await runGit(base === null ? ['read-tree', '--empty'] : ['read-tree', `${base}^{tree}`], { cwd: repositoryDir, env });
    // -z: each record ends with NUL, so a path is taken byte for byte (tabs, newlines, quotes).
    const records = changes.map((change) =>
      change.entry === null ? `0 ${zeroId}\t${change.path}\0` : `${change.entry.mode} ${change.entry.id}\t${change.path}\0`,
    );
    if (records.length > 0) await runGit(['update-index', '-z', '--index-info'], { cwd: repositoryDir, env, input: records.join('') });
    return (await runGit(['write-tree'], { cwd: repositoryDir, env })).toString('utf8').trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export interface Signature {
  name: string;
  email: string;
}

/** A commit object for `tree` (`commit-tree`, the message on stdin), dated `date`; returns its id. */
export async function writeCommitObject(
  repositoryDir: string,
  commit: { tree: string; parents: readonly string[]; message: string; author: Signature; committer: Signature; date: Date },
): Promise<string> {
  const when = `@${Math.floor(commit.date.getTime() / 1000)} +0000`;
  const out = await runGit(['commit-tree', commit.tree, ...commit.parents.flatMap((parent) => ['-p', parent])], {
    cwd: repositoryDir,
    input: commit.message,
    env: {
      GIT_AUTHOR_NAME: commit.author.name,
      GIT_AUTHOR_EMAIL: commit.author.email,
      GIT_AUTHOR_DATE: when,
      GIT_COMMITTER_NAME: commit.committer.name,
      GIT_COMMITTER_EMAIL: commit.committer.email,
      GIT_COMMITTER_DATE: when,
    },
  });
  return out.toString('utf8').trim();
}
