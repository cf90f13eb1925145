import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { GitCli } from '../git/git-cli.ts';

/** Debian's interpreter first: a python3 earlier on PATH (pyenv) does not see Debian's packages. */
export function findPython(): string {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(candidate, ['-c', 'import gitlab'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  throw new Error('python-gitlab is missing: run scripts/ensure-system-packages.sh py/gitlab:python3-gitlab (Debian python3-gitlab)');
}

/**
 * Runs one scenario of a python-gitlab script with `context` as JSON in LATCHKEY_CLIENT_CONTEXT;
 * the script checks each step and prints `ok <scenario>` last, and must warn about nothing.
 */
export async function runPythonScenario(cli: GitCli, script: string, scenario: string, context: Record<string, unknown>): Promise<void> {
  const result = await cli.run(findPython(), [script, scenario], {
    env: { LATCHKEY_CLIENT_CONTEXT: JSON.stringify(context), PYTHONDONTWRITEBYTECODE: '1' },
  });
  assert.equal(result.code, 0, `python-gitlab ${scenario} failed:\n${result.stderr}${result.stdout}`);
  assert.equal(result.stdout.trim().split('\n').at(-1), `ok ${scenario}`, result.stdout);
  // python-gitlab warns, among others, when the server's pagination links name another base URL.
  assert.equal(result.stderr, '', `python-gitlab ${scenario} warned`);
}
