// Builds the server for `npm start`: one ESM bundle of src/ (dependencies stay in node_modules)
// plus the web assets beside it. Running compiled JavaScript keeps the TypeScript loader (and
// its worker thread) out of the production process: less memory, faster start.
//
// Every file is replaced atomically (written beside, then renamed over), so a server starting
// while another build runs (two test runs on one checkout) reads either the old or the new
// bundle, never half of one.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');

function writeAtomically(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

const result = await build({
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
  write: false,
});
for (const file of result.outputFiles) writeAtomically(file.path, file.contents);

const assets = path.join(root, 'src', 'http', 'web', 'assets');
for (const name of readdirSync(assets)) {
  writeAtomically(path.join(out, 'assets', name), readFileSync(path.join(assets, name)));
}
