import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('../../scripts/ensure-test-tools.sh', import.meta.url));

/** The npm tools the client tests drive, installed on demand outside the project. */
export type TestTool = keyof typeof ENTRIES;

/** Each tool's command-line entry point inside its node_modules. */
const ENTRIES = {
  'semantic-release': 'semantic-release/bin/semantic-release.js',
  'release-it': 'release-it/bin/release-it.js',
  renovate: 'renovate/dist/renovate.js',
  danger: 'danger/distribution/commands/danger.js',
};

/**
 * Installs `tool` at its pinned version into the user's cache when missing
 * (scripts/ensure-test-tools.sh; safe when several test files ask at once) and returns the path of
 * its command-line entry point, to run with `node`.
 */
export async function ensureTestTool(tool: TestTool): Promise<string> {
  // Renovate is large: its first install takes minutes.
  const { stdout } = await promisify(execFile)('bash', [SCRIPT, tool], { maxBuffer: 1 << 20, timeout: 20 * 60_000 });
  const folder = stdout.trim().split('\n').at(-1)!;
  return path.join(folder, 'node_modules', ENTRIES[tool]);
}
