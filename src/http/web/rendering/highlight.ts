import { createRequire } from 'node:module';
import type { HLJSApi } from 'highlight.js';

/**
 * highlight.js with its ~190 grammars is loaded on the first page that colours code, not at start:
 * about 16 MB of resident memory that the API and git transports never need (benchmark 6).
 */
let loaded: HLJSApi | undefined;
const hljs = (): HLJSApi => (loaded ??= createRequire(import.meta.url)('highlight.js') as HLJSApi);

/** Above this size a file is shown without colours: highlighting is linear but not free. */
export const HIGHLIGHT_LIMIT_BYTES = 512 * 1024;

const EXTENSIONS: Record<string, string> = {
  mjs: 'javascript',
  cjs: 'javascript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
  jsx: 'javascript',
  yml: 'yaml',
  md: 'markdown',
  sh: 'bash',
  h: 'c',
  hpp: 'cpp',
  rs: 'rust',
  kt: 'kotlin',
  tf: 'hcl',
};

const BASENAMES: Record<string, string> = {
  Dockerfile: 'dockerfile',
  Makefile: 'makefile',
  Gemfile: 'ruby',
  Rakefile: 'ruby',
  '.gitignore': 'plaintext',
};

/** The highlight.js language for a file name, or null when none is known (shown as plain text). */
export function languageOfPath(path: string): string | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (Object.hasOwn(BASENAMES, base)) return BASENAMES[base] ?? null;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  const extension = base.slice(dot + 1).toLowerCase();
  const name = Object.hasOwn(EXTENSIONS, extension) ? EXTENSIONS[extension]! : extension;
  return hljs().getLanguage(name) ? name : null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Source → HTML lines (escaped text inside `<span class="hljs-…">`), one string per line of the
 * file, so a file view can number them. A span that crosses a line end (a block comment) is closed
 * at the end of the line and opened again on the next, so every line is well-formed on its own.
 * Unknown languages and files over HIGHLIGHT_LIMIT_BYTES come back escaped, uncoloured.
 */
export function highlightLines(code: string, language: string | null): string[] {
  const html =
    language !== null && code.length <= HIGHLIGHT_LIMIT_BYTES && hljs().getLanguage(language)
      ? hljs().highlight(code, { language, ignoreIllegals: true }).value
      : escapeHtml(code);
  const lines: string[] = [];
  const open: string[] = [];
  for (const line of html.split('\n')) {
    let out = open.join('');
    const tag = /<span class="[^"]*">|<\/span>/g;
    let last = 0;
    for (let match = tag.exec(line); match !== null; match = tag.exec(line)) {
      out += line.slice(last, match.index) + match[0];
      last = match.index + match[0].length;
      if (match[0] === '</span>') open.pop();
      else open.push(match[0]);
    }
    out += line.slice(last) + '</span>'.repeat(open.length);
    lines.push(out);
  }
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A fenced code block of Markdown: highlighted when its language is known, escaped otherwise. */
export function highlightBlock(code: string, language: string): string {
  const name = language.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (name !== '' && hljs().getLanguage(name) && code.length <= HIGHLIGHT_LIMIT_BYTES) {
    return hljs().highlight(code, { language: name, ignoreIllegals: true }).value;
  }
  return ''; // markdown-it escapes the block itself
}
