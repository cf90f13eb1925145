import { existsSync } from 'node:fs';
import { initBareRepository } from '../git/bare-repository.ts';
import { runGit, runGitForResult } from '../git/run-git.ts';

export interface BundledRepository {
  head: string;
  /** False for a repository without refs (nothing to bundle) or one removed since the snapshot. */
  bundled: boolean;
}

/**
 * One repository as git itself packs it: `git bundle create --all` lists the refs, then packs
 * every object they reach, so no ref in the bundle names a missing object. Taken after the
 * database snapshot, a bundle holds every commit the snapshot's rows name (objects are never
 * pruned), and refs at least as new.
 */
export async function bundleRepository(dir: string, file: string): Promise<BundledRepository> {
  if (!existsSync(dir)) return { head: 'refs/heads/main', bundled: false };
  const head = (await runGitForResult(['symbolic-ref', '-q', 'HEAD'], { cwd: dir })).stdout.toString().trim() || 'refs/heads/main';
  const refs = (await runGit(['for-each-ref', '--count=1', '--format=%(refname)'], { cwd: dir })).toString().trim();
  if (refs === '') return { head, bundled: false };
  const result = await runGitForResult(['bundle', 'create', '-q', file, '--all'], { cwd: dir });
  if (result.exitCode !== 0) {
    // Its last ref deleted between the two commands: an empty repository after all.
    if (/empty bundle/i.test(result.stderr)) return { head, bundled: false };
    throw new Error(`git bundle create failed for ${dir}: ${result.stderr.trim().split('\n')[0] ?? ''}`);
  }
  return { head, bundled: true };
}

/**
 * A bare repository as Latchkey creates one (initBareRepository: the same config), filled from a
 * bundle when there is one, HEAD pointing where it pointed.
 */
export async function restoreRepository(dir: string, head: string, bundle: string | null): Promise<void> {
  await initBareRepository(dir, head.slice('refs/heads/'.length));
  if (bundle !== null) {
    await runGit(['bundle', 'verify', '-q', bundle], { cwd: dir });
    await runGit(['fetch', '--quiet', '--no-write-fetch-head', bundle, '+refs/*:refs/*'], { cwd: dir });
  }
  await runGit(['symbolic-ref', 'HEAD', head], { cwd: dir });
}
