import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('../../scripts/ensure-test-tools.sh', import.meta.url));

/** The npm release tools the client tests drive, installed on demand outside the project. */
export type TestTool = 'semantic-release' | 'release-it';

/**
 * Installs `tool` at its pinned version into the user's cache when missing
 * (scripts/ensure-test-tools.sh; safe when several test files ask at once) and returns the path of
 * its command-line entry point, to run with `node`.
 */
export async function ensureTestTool(tool: TestTool): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [SCRIPT, tool], { maxBuffer: 1 << 20 });
  const folder = stdout.trim().split('\n').at(-1)!;
  const entry = tool === 'semantic-release' ? 'semantic-release/bin/semantic-release.js' : 'release-it/bin/release-it.js';
  return path.join(folder, 'node_modules', entry);
}
