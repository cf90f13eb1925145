import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';

export interface LatchkeyProcess {
  url: string;
  sshPort: number;
  dataDir: string;
  env: Record<string, string>;
  child: ChildProcess;
  /** Runs the `latchkey` CLI against this instance and returns its stdout. */
  cli(args: string[]): Promise<string>;
  /** SIGTERM and wait; the data dir is removed unless it was passed in. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing flushed, data dir kept. */
  crash(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function run(command: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${args.join(' ')} exited ${code}: ${err.trim()}`))));
  });
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
  const port = await freePort();
  const sshPort = await freePort();
  const env: Record<string, string> = {
    LATCHKEY_DATA_DIR: dataDir,
    LATCHKEY_HTTP_PORT: String(port),
    LATCHKEY_SSH_PORT: String(sshPort),
    LATCHKEY_ROOT_PASSWORD: 'bench-root-password',
    LATCHKEY_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  if (!existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
  // The production build, as `npm start` runs it (npm test and npm run bench build it first).
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--enable-source-maps', 'dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`latchkey exited during start: ${stderr}`);
    try {
      const res = await fetch(`${url}/-/readiness`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`latchkey did not become ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    sshPort,
    dataDir,
    env,
    child,
    cli: (args) => run(process.execPath, ['bin/latchkey.js', ...args], env),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async crash() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
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
