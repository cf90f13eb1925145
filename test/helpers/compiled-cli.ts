import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { sharedFixture } from './shared-fixtures.ts';

/**
 * The `latchkey` CLI as the tests that run it dozens of times spawn it: src/cli/main.ts compiled
 * once per test run by esbuild, as scripts/build.mjs compiles the server that `npm start` runs.
 *
 * bin/latchkey.js (what users run) registers tsx and imports the same src/cli/main.ts; tsx's
 * loader costs about 2.5 CPU-seconds a start on the CI machine, the compiled file under 1. A test
 * still spawns a real process with its own argv, environment, exit code, stdout and stderr; only
 * the TypeScript loader is left out. Every file that is about the CLI keeps at least one spawn of
 * bin/latchkey.js itself (BIN), so the entry point users run is proven in each.
 */
export const BIN = 'bin/latchkey.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A digest of every file under src/: a changed source is a different compiled CLI. */
function sourcesDigest(): string {
  const hash = createHash('sha256');
  const dir = path.join(ROOT, 'src');
  for (const name of readdirSync(dir, { recursive: true }).map(String).sort()) {
    const file = path.join(dir, name);
    try {
      hash.update(name).update(readFileSync(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
    }
  }
  return hash.digest('hex').slice(0, 16);
}

let compiled: Promise<string> | undefined;

/** The compiled CLI's path: `node <it> <args>` is `latchkey <args>`. */
export function compiledCli(): Promise<string> {
  compiled ??= sharedFixture('latchkey-cli', { sources: sourcesDigest() }, async (dir) => {
    await build({
      entryPoints: [path.join(ROOT, 'src', 'cli', 'main.ts')],
      outfile: path.join(dir, 'latchkey-cli.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      logLevel: 'warning',
    });
    // The dependencies stay external, resolved from the repository's node_modules, as bin/latchkey.js resolves them.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  }).then((dir) => path.join(dir, 'latchkey-cli.mjs'));
  return compiled;
}
