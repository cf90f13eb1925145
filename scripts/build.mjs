// Builds the server for `npm start`: one ESM bundle of src/ (dependencies stay in node_modules)
// plus the web assets beside it. Running compiled JavaScript keeps the TypeScript loader (and
// its worker thread) out of the production process: less memory, faster start.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src', 'main.ts')],
  outfile: path.join(out, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'warning',
});
cpSync(path.join(root, 'src', 'http', 'web', 'assets'), path.join(out, 'assets'), { recursive: true });
