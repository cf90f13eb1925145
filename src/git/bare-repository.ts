import { rm } from 'node:fs/promises';
import { runGit } from './run-git.ts';

export async function initBareRepository(dir: string, defaultBranch: string): Promise<void> {
  await runGit(['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, dir]);
  // http-backend serves the repository only with this set; receive-pack needs it too.
  await runGit(['config', 'http.receivepack', 'true'], { cwd: dir });
}

export async function removeRepository(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
