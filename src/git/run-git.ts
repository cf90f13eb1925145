import { spawn } from 'node:child_process';
import { minimalEnvironment } from '../process-environment.ts';

export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0]} failed (${exitCode}): ${stderr.trim().split('\n')[0] ?? ''}`);
  }
}

/**
 * The environment of every git Latchkey spawns: PATH and locale only, so no secret of the server's
 * own environment (LATCHKEY_SECRET, database URLs) reaches git or a hook it runs.
 */
const GIT_PROTOCOL = /^[A-Za-z0-9=:,._-]{1,256}$/;

/** A client's GIT_PROTOCOL (e.g. `version=2`) when it is safe to hand to git, else undefined. */
export function safeGitProtocol(value: string | undefined): string | undefined {
  return value !== undefined && GIT_PROTOCOL.test(value) ? value : undefined;
}

export function gitEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...minimalEnvironment(), GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', LANG: 'C', LC_ALL: 'C', ...extra };
}

export interface RunGitOptions {
  cwd?: string;
  maxBytes?: number;
  /** Written to git's stdin (a file's content, a list of objects). */
  input?: string | Buffer;
  /** Added to the minimal environment: GIT_INDEX_FILE, author and committer, GIT_LITERAL_PATHSPECS. */
  env?: Record<string, string>;
}

/** Runs a short git command and collects its output (for small outputs only, never packs). */
export async function runGit(args: string[], options: RunGitOptions = {}): Promise<Buffer> {
  const result = await runGitForResult(args, options);
  if (result.exitCode !== 0) throw new GitCommandError(args, result.exitCode, result.stderr);
  return result.stdout;
}

export interface GitResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a short git command whose exit code is an answer, not a failure (`merge-tree` exits 1 on
 * conflicts with its tree still on stdout). Output over `maxBytes` or a signal still rejects.
 */
export function runGitForResult(args: string[], options: RunGitOptions = {}): Promise<GitResult> {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: gitEnvironment(options.env),
    });
    const out: Buffer[] = [];
    let size = 0;
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) child.kill('SIGKILL');
      else out.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (err.length < 4096) err += chunk.toString();
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {}); // git may exit before reading all of it; its exit code tells
      child.stdin.end(options.input);
    }
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== null && size <= maxBytes) resolve({ exitCode: code, stdout: Buffer.concat(out), stderr: err });
      else reject(new GitCommandError(args, code, size > maxBytes ? 'output too large' : err));
    });
  });
}
