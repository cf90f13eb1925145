import { spawn } from 'node:child_process';
import type { CliResult } from '../git/git-cli.ts';

/**
 * Runs `node <entry> ...args` in `cwd` with exactly `env` (plus PATH and LANG: none of the test
 * process's secrets), killed after `timeoutMs`; collects what it wrote.
 */
export function runClient(entry: string, args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: signal ? null : code, stdout, stderr: signal ? `${stderr}\n(killed: ${signal})` : stderr }));
  });
}
