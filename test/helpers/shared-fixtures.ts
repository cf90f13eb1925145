import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Expensive fixtures (a generated 50 MB repository...) built once per test run and shared by every
 * test file and dialect that asks for the same one, instead of once per describe.
 *
 * A fixture is a directory named for what it is and a digest of its recipe and of the code that
 * builds it, so a changed recipe or builder is a different fixture. scripts/test.sh points
 * LATCHKEY_TEST_FIXTURES_DIR at a directory of the run and removes it afterwards; a file run
 * without it builds its fixtures in a directory of its own, removed when the process exits.
 * Fixtures are built into a temporary name and renamed into place, so a test file never sees a
 * half-built one; when two files build the same fixture at once, the first rename wins and the
 * other copy is dropped. Users must treat a fixture as read-only.
 */
const building = new Map<string, Promise<string>>();
let processRoot: string | undefined;

function fixturesRoot(): string {
  const shared = process.env.LATCHKEY_TEST_FIXTURES_DIR;
  if (shared) {
    mkdirSync(shared, { recursive: true });
    return shared;
  }
  if (!processRoot) {
    const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-fixtures-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    processRoot = dir;
  }
  return processRoot;
}

export function sharedFixture(name: string, recipe: unknown, build: (dir: string) => Promise<void>): Promise<string> {
  const digest = createHash('sha256').update(JSON.stringify(recipe)).update(build.toString()).digest('hex').slice(0, 16);
  const dir = path.join(fixturesRoot(), `${name}-${digest}`);
  let fixture = building.get(dir);
  if (!fixture) {
    fixture = (async () => {
      if (existsSync(dir)) return dir;
      const temporary = `${dir}.building-${process.pid}-${randomBytes(4).toString('hex')}`;
      mkdirSync(temporary);
      try {
        await build(temporary);
        renameSync(temporary, dir);
      } catch (error) {
        rmSync(temporary, { recursive: true, force: true });
        // Another test file renamed the same fixture into place first: use that one.
        if (existsSync(dir) && ['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) return dir;
        throw error;
      }
      return dir;
    })();
    building.set(dir, fixture);
  }
  return fixture;
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

/**
 * A bare repository whose `main` holds one commit (`message`, by the GitCli's user) of the files
 * `script` (a shell script, run in an empty work tree) makes, packed. The files are made by the
 * shell, never in this process: a payload Buffer here would sit in the memory that the memory
 * tests measure. Tests push it to a project of theirs: `git push <url> main` with the returned
 * directory as the working directory.
 */
export function sharedRepository(name: string, recipe: { script: string; message: string }): Promise<string> {
  return sharedFixture(name, recipe, async (dir) => {
    const work = path.join(dir, 'work');
    const repo = path.join(dir, 'repo.git');
    mkdirSync(work);
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      LANG: 'C',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test Pusher',
      GIT_AUTHOR_EMAIL: 'pusher@example.com',
      GIT_COMMITTER_NAME: 'Test Pusher',
      GIT_COMMITTER_EMAIL: 'pusher@example.com',
    };
    const git = (args: string[]) => run('git', [`--git-dir=${repo}`, `--work-tree=${work}`, ...args], { cwd: work, env });
    await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', repo], { cwd: dir, env });
    await run('sh', ['-c', recipe.script], { cwd: work, env });
    await git(['add', '--all']);
    await git(['commit', '--quiet', '-m', recipe.message]);
    // One pack: a push sends its objects as they are stored, without compressing them again.
    await git(['repack', '-adq']);
    rmSync(work, { recursive: true, force: true });
  }).then((dir) => path.join(dir, 'repo.git'));
}
