import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compiledCli } from './compiled-cli.ts';
import { freePort } from './ports.ts';

// The server and the CLI as separate processes, as users run them: shared by the process-level tests
// and the benchmarks (bench/ imports it), so neither depends on the other's internals.

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The password startLatchkey gives root. */
export const PROCESS_ROOT_PASSWORD = 'process-root-password';

/** How a child process ended, and everything it wrote. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command from the repository root, with exactly `env`, to its end and collects what it wrote;
 * with `timeoutMs`, a command still running then is killed (SIGTERM).
 */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, options: { timeoutMs?: number } = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export interface ServerChild {
  child: ChildProcess;
  /** Everything the server wrote so far to stdout and stderr (its JSON log lines included). */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Resolves when the process has exited and its output is complete. */
  closed: Promise<Finished>;
}

/**
 * The production build (`dist/main.js`, what `npm start` runs) as a child process with exactly
 * `env`, once `<url>/-/readiness` answers 200; killed when it is not ready within `timeoutMs`.
 */
export async function spawnServer(
  env: NodeJS.ProcessEnv,
  url: string,
  options: { nodeArgs?: string[]; timeoutMs: number },
): Promise<ServerChild> {
  if (!existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const closed = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`latchkey exited while starting: ${stderr}`);
    const ready = await fetch(`${url}/-/readiness`).then((res) => res.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`latchkey did not become ready: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => stdout + stderr, exited, closed };
}

export interface LatchkeyProcess {
  url: string;
  sshPort: number;
  dataDir: string;
  env: Record<string, string>;
  child: ChildProcess;
  /** Everything the server wrote so far to stdout and stderr (its JSON log lines included). */
  output(): string;
  /** Runs the `latchkey` CLI against this instance and returns its stdout. */
  cli(args: string[]): Promise<string>;
  /** SIGTERM and wait; the data dir is removed unless it was passed in. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing flushed, data dir kept. */
  crash(): Promise<void>;
}

/**
 * The real server as a separate process, as users run it (`npm start`: the build in dist/), on free ports. Pass a
 * data dir to restart an instance on its existing data (it is then kept on stop).
 */
export async function startLatchkey(
  extraEnv: Record<string, string> = {},
  options: { dataDir?: string; nodeArgs?: string[] } = {},
): Promise<LatchkeyProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'latchkey-process-'));
  let port: number;
  let sshPort: number;
  let env: Record<string, string>;
  let url: string;
  let server: ServerChild;
  // A port found free may be taken before the server binds it (another test's server, or any
  // client's outgoing connection, which draws from the same range): then two fresh ones are tried.
  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    sshPort = await freePort();
    env = {
      LATCHKEY_DATA_DIR: dataDir,
      LATCHKEY_HTTP_PORT: String(port),
      LATCHKEY_SSH_PORT: String(sshPort),
      LATCHKEY_ROOT_PASSWORD: PROCESS_ROOT_PASSWORD,
      LATCHKEY_LOG_LEVEL: 'warn',
      ...extraEnv,
    };
    url = `http://127.0.0.1:${port}`;
    try {
      server = await spawnServer({ ...process.env, ...env }, url, {
        // The same node flags as `npm start` (package.json); see README "Benchmarks" for why.
        nodeArgs: [...(options.nodeArgs ?? []), '--enable-source-maps', '--heap-growing-percent=50', '--max-semi-space-size=4'],
        // A server is ready in a second or two; a loaded machine (the suite runs files side by side)
        // has taken over 30 s. Only a server that never starts should fail here.
        timeoutMs: 120_000,
      });
      break;
    } catch (error) {
      const portsOurs = extraEnv.LATCHKEY_HTTP_PORT === undefined && extraEnv.LATCHKEY_SSH_PORT === undefined;
      if (!portsOurs || attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
  const { child } = server;
  return {
    url,
    sshPort,
    dataDir,
    env,
    child,
    output: server.output,
    async cli(args) {
      // Compiled once per run (compiled-cli.ts): these runs set an instance up; test/cli runs bin/latchkey.js itself.
      const argv = [await compiledCli(), ...args];
      const result = await run(process.execPath, argv, { ...process.env, ...env });
      if (result.code !== 0) throw new Error(`${argv.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
      return result.stdout.trim();
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await server.exited;
      }
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async crash() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await server.exited;
    },
  };
}

export async function apiCall(base: string, token: string, method: string, route: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}/api/v4${route}`, {
    method,
    headers: { 'private-token': token, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
