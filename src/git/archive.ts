import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { gitEnvironment, runGit } from './run-git.ts';

/** The archive formats GitLab serves, by every name it accepts, with the file extension it gives each. */
const EXTENSIONS: Record<string, ArchiveExtension> = {
  'tar.gz': 'tar.gz',
  tgz: 'tar.gz',
  gz: 'tar.gz',
  tar: 'tar',
  zip: 'zip',
  'tar.bz2': 'tar.bz2',
  tbz: 'tar.bz2',
  tbz2: 'tar.bz2',
  tb2: 'tar.bz2',
  bz2: 'tar.bz2',
};

export type ArchiveExtension = 'tar.gz' | 'tar' | 'zip' | 'tar.bz2';

export function archiveExtension(format: string): ArchiveExtension | null {
  return Object.hasOwn(EXTENSIONS, format) ? EXTENSIONS[format]! : null;
}

/**
 * `git archive` of a commit (optionally one path of it), every file under `prefix/`, streamed
 * straight from git: never held in memory. bzip2 is git's configured filter (a constant command,
 * no user input reaches it); gzip is git's own.
 */
export function streamArchive(repositoryDir: string, input: { commitId: string; extension: ArchiveExtension; prefix: string; path?: string }): Readable {
  const args = [
    '--literal-pathspecs',
    '-c',
    'tar.tar.bz2.command=bzip2 -c',
    'archive',
    `--format=${input.extension}`,
    `--prefix=${input.prefix}/`,
    '--end-of-options',
    input.commitId,
    ...(input.path ? [input.path] : []),
  ];
  const child = spawn('git', args, { cwd: repositoryDir, env: gitEnvironment(), stdio: ['ignore', 'pipe', 'ignore'] });
  child.on('error', (error) => child.stdout.destroy(error));
  // A client that goes away stops git.
  child.stdout.on('close', () => child.exitCode === null && child.kill('SIGKILL'));
  return child.stdout;
}

/** Whether `path` (validated by isGitFilePath) names a file or a folder in the commit. */
export async function treeHasPath(repositoryDir: string, commitId: string, path: string): Promise<boolean> {
  try {
    await runGit(['cat-file', '-e', `${commitId}:${path}`], { cwd: repositoryDir });
    return true;
  } catch {
    return false;
  }
}
