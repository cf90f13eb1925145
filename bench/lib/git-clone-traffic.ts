import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiCall, type LatchkeyProcess } from '../../test/helpers/latchkey-process.ts';

type Context = { rootToken: string; projectId: number; projectPath: string };

function git(args: string[], cwd: string, home: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C', GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git ${args[0]} exited ${code}: ${stderr.trim()}`))));
  });
}

function cloneUrl(server: LatchkeyProcess, projectPath: string, token: string): string {
  const url = new URL(`${server.url}/${projectPath}.git`);
  url.username = 'soak';
  url.password = token;
  return url.toString();
}

/**
 * Soak traffic: `git clone` of the project over HTTP with a read_repository project token. The
 * first call seeds the project with a small repository (a few commits, a few dozen files) pushed
 * by root, and mints the token; every call then clones it into a fresh directory and removes it.
 */
export function gitCloneTraffic(): (server: LatchkeyProcess, context: Context) => Promise<void> {
  const home = mkdtempSync(path.join(tmpdir(), 'latchkey-soak-git-'));
  writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tname = Soak\n\temail = soak@example.com\n[init]\n\tdefaultBranch = main\n');
  let ready: Promise<string> | null = null;
  let clones = 0;

  const seed = async (server: LatchkeyProcess, context: Context): Promise<string> => {
    const work = path.join(home, 'seed');
    mkdirSync(work);
    await git(['init', '--quiet'], work, home);
    for (let commit = 0; commit < 3; commit++) {
      for (let file = 0; file < 20; file++) {
        mkdirSync(path.join(work, `dir${file % 4}`), { recursive: true });
        writeFileSync(path.join(work, `dir${file % 4}`, `file${file}.txt`), `commit ${commit}, file ${file}\n${'line of text\n'.repeat(50)}`);
      }
      await git(['add', '--all'], work, home);
      await git(['commit', '--quiet', '-m', `commit ${commit}`], work, home);
    }
    await git(['push', '--quiet', cloneUrl(server, context.projectPath, context.rootToken), 'HEAD:refs/heads/main'], work, home);
    const token = await apiCall(server.url, context.rootToken, 'POST', `/projects/${context.projectId}/access_tokens`, {
      name: 'soak-cloner',
      scopes: ['read_repository'],
      access_level: 20,
    });
    return token.token as string;
  };

  const traffic = async (server: LatchkeyProcess, context: Context): Promise<void> => {
    ready ??= seed(server, context);
    const token = await ready;
    const dir = path.join(home, `clone-${++clones}`);
    try {
      await git(['clone', '--quiet', cloneUrl(server, context.projectPath, token), dir], home, home);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', () => rmSync(home, { recursive: true, force: true }));
  return traffic;
}
