import { highlightLines } from './highlight.ts';

/** One row of a file's diff table. */
export interface DiffRow {
  kind: 'hunk' | 'context' | 'added' | 'removed' | 'note';
  /** Line numbers on the old and new side (null where the line is not on that side). */
  oldLine: number | null;
  newLine: number | null;
  /** The line without its `+`/`-`/` ` marker (a hunk header or note: the whole line). */
  text: string;
  /** The text as escaped, highlighted HTML (only for code rows of a highlighted file). */
  html?: string;
}

/** Above this many bytes of patch a file's rows are shown without colours. */
const HIGHLIGHT_PATCH_BYTES = 64 * 1024;

/**
 * A unified patch as GitLab's diff entity carries it (from the first `@@`) → table rows with old
 * and new line numbers. Lines of neither kind (`\ No newline at end of file`) become notes.
 */
export function diffRows(patch: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 0;
  let newLine = 0;
  const lines = patch.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      rows.push({ kind: 'hunk', oldLine: null, newLine: null, text: line });
    } else if (line.startsWith('+')) rows.push({ kind: 'added', oldLine: null, newLine: newLine++, text: line.slice(1) });
    else if (line.startsWith('-')) rows.push({ kind: 'removed', oldLine: oldLine++, newLine: null, text: line.slice(1) });
    else if (line.startsWith(' ')) rows.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++, text: line.slice(1) });
    else rows.push({ kind: 'note', oldLine: null, newLine: null, text: line });
  }
  return rows;
}

/**
 * Colours the code rows: each side's lines (context and removed; context and added) are
 * highlighted as one text, so a construct spanning lines (a block comment) reads right, and
 * every row gets well-formed, escaped HTML of its own. Large patches stay plain.
 */
export function highlightRows(rows: DiffRow[], language: string | null, patchBytes: number): DiffRow[] {
  if (language === null || patchBytes > HIGHLIGHT_PATCH_BYTES) return rows;
  for (const side of ['removed', 'added'] as const) {
    const onSide = rows.filter((row) => row.kind === 'context' || row.kind === side);
    const html = highlightLines(onSide.map((row) => row.text).join('\n'), language);
    onSide.forEach((row, index) => {
      // Context rows are on both sides: the new side's colours win, as they are drawn last.
      if (row.kind === side || side === 'added') row.html = html[index] ?? '';
    });
  }
  return rows;
}

/** Lines added and removed by one file's patch, counted without parsing it into rows. */
export function patchCounts(patch: string): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (let start = 0; start < patch.length; ) {
    if (patch[start] === '+') additions++;
    else if (patch[start] === '-') deletions++;
    const end = patch.indexOf('\n', start);
    if (end < 0) break;
    start = end + 1;
  }
  return { additions, deletions };
}

/** How many lines a patch has (a last line without a newline counts). */
export function patchLines(patch: string): number {
  let lines = patch === '' || patch.endsWith('\n') ? 0 : 1;
  for (let at = patch.indexOf('\n'); at >= 0; at = patch.indexOf('\n', at + 1)) lines++;
  return lines;
}
