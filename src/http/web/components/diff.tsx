import type { ProjectWithNamespace } from '../../../db/repositories/projects.ts';
import type { FileDiff } from '../../../git/diff.ts';
import { blobPath, rawPath, treePath } from '../paths.ts';
import { diffRows, highlightRows, patchCounts, patchLines, type DiffRow } from '../rendering/diff-rows.ts';
import { languageOfPath } from '../rendering/highlight.ts';

/**
 * The changes between two commits, file by file, as GitLab draws them. Shared by the commit and
 * compare pages and the merge request page; it takes what `src/git/diff.ts` produces
 * (`diffCommits` → `{ files, overflow }`, the same entries the API's diff services return):
 *
 * - `files`: one `FileDiff` per changed file (paths, modes, new/renamed/deleted, the patch from
 *   its first `@@`, `tooLarge` when the patch was dropped for size);
 * - `overflow`: more files changed than the diff limits let through;
 * - `oldRef` / `newRef`: the commits on each side (null `oldRef`: a root commit), for the links
 *   to each file's blob and raw view.
 *
 * Each file is a `<details open>` (collapsible without JavaScript); text is always escaped, code
 * rows highlighted when cheap.
 */
export interface DiffProps {
  project: ProjectWithNamespace;
  files: FileDiff[];
  overflow: boolean;
  oldRef: string | null;
  newRef: string;
}

function isBinary(file: FileDiff): boolean {
  return file.diff.startsWith('Binary files ');
}

function FileBadge({ file }: { file: FileDiff }) {
  if (file.newFile) return <span class="badge diff-badge-added">added</span>;
  if (file.deletedFile) return <span class="badge diff-badge-deleted">deleted</span>;
  if (file.renamedFile) return <span class="badge diff-badge-renamed">renamed</span>;
  if (file.aMode !== file.bMode) return <span class="badge">mode changed</span>;
  return null;
}

function LineNumber({ line }: { line: number | null }) {
  return <td class="diff-line-number">{line ?? ''}</td>;
}

/** How much patch text one diff highlights in all; the files after it are shown plain. */
const HIGHLIGHT_BUDGET_BYTES = 1024 * 1024;

const MARKERS: Record<DiffRow['kind'], string> = { hunk: '', context: ' ', added: '+', removed: '-', note: '' };

function DiffTable({ rows, label }: { rows: DiffRow[]; label: string }) {
  return (
    <div class="overflow-auto">
      <table class="diff-table" aria-label={label}>
        <tbody>
          {rows.map((row) =>
            row.kind === 'hunk' || row.kind === 'note' ? (
              <tr class={`diff-${row.kind}`}>
                <td class="diff-line-number" />
                <td class="diff-line-number" />
                <td class="diff-code">{row.text}</td>
              </tr>
            ) : (
              <tr class={`diff-${row.kind}`}>
                <LineNumber line={row.oldLine} />
                <LineNumber line={row.newLine} />
                <td class="diff-code">
                  <span class="diff-marker">{MARKERS[row.kind]}</span>
                  {/* html comes from highlightLines: escaped text inside hljs spans only. */}
                  {row.html === undefined ? <code>{row.text}</code> : <code dangerouslySetInnerHTML={{ __html: row.html }} />}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

function FileLinks({ project, file, oldRef, newRef }: { project: ProjectWithNamespace; file: FileDiff; oldRef: string | null; newRef: string }) {
  const [ref, path] = file.deletedFile ? [oldRef, file.oldPath] : [newRef, file.newPath];
  if (ref === null) return null;
  return (
    <>
      <a href={blobPath(project, ref, path)}>View file @ {ref.slice(0, 8)}</a> · <a href={rawPath(project, ref, path)}>Raw</a>
    </>
  );
}

/**
 * How many patch lines one page draws in all (each a table row): a file that would go past it is
 * collapsed to a notice with its links, as GitLab collapses diffs past its line limits, so a commit
 * of a few megabytes of one-character lines cannot make the server draw millions of rows.
 */
export const MAX_DIFF_LINES = 20_000;

/** A file's rows, none when its patch is not shown (too large, binary, collapsed). */
function rowsOf(file: FileDiff, collapsed: boolean): DiffRow[] {
  return file.tooLarge || collapsed || isBinary(file) ? [] : diffRows(file.diff);
}

function FileDiffBlock({ index, file, rows, highlight, collapsed, ...refs }: { index: number; file: FileDiff; rows: DiffRow[]; highlight: boolean; collapsed: boolean } & Omit<DiffProps, 'files' | 'overflow'>) {
  const { additions, deletions } = patchCounts(file.diff);
  const name = file.renamedFile ? `${file.oldPath} → ${file.newPath}` : file.newPath;
  const links = <FileLinks project={refs.project} file={file} oldRef={refs.oldRef} newRef={refs.newRef} />;
  let body;
  if (file.tooLarge) body = <p class="diff-notice">This diff is too large to display. {links}</p>;
  else if (collapsed) body = <p class="diff-notice">This diff is collapsed: a page shows at most {MAX_DIFF_LINES.toLocaleString('en')} changed lines. {links}</p>;
  else if (isBinary(file)) body = <p class="diff-notice">Binary files differ. {links}</p>;
  else if (rows.length > 0) body = <DiffTable rows={highlight ? highlightRows(rows, languageOfPath(file.newPath), file.diff.length) : rows} label={`Changes to ${name}`} />;
  else if (file.aMode !== file.bMode && !file.newFile && !file.deletedFile) body = <p class="diff-notice">File mode changed from {file.aMode} to {file.bMode}.</p>;
  else if (file.renamedFile) body = <p class="diff-notice">File moved without changes.</p>;
  else body = <p class="diff-notice">Empty file.</p>;
  return (
    <details open class="diff-file" id={`diff-${index}`}>
      <summary>
        <FileBadge file={file} /> <code class="diff-path">{name}</code>{' '}
        <small class="diff-counts">
          <span class="diff-additions">+{additions}</span> <span class="diff-deletions">−{deletions}</span>
        </small>
      </summary>
      {body}
    </details>
  );
}

export function Diff({ project, files, overflow, oldRef, newRef }: DiffProps) {
  let highlighted = 0;
  let linesLeft = MAX_DIFF_LINES;
  const parsed = files.map((file) => {
    highlighted += file.diff.length;
    const lines = patchLines(file.diff);
    const collapsed = lines > linesLeft;
    if (!collapsed) linesLeft -= lines;
    return { file, rows: rowsOf(file, collapsed), collapsed, highlight: highlighted <= HIGHLIGHT_BUDGET_BYTES };
  });
  const counts = files.map((file) => patchCounts(file.diff));
  const additions = counts.reduce((sum, count) => sum + count.additions, 0);
  const deletions = counts.reduce((sum, count) => sum + count.deletions, 0);
  return (
    <section class="diff" aria-label="Changes">
      {overflow && (
        <p class="diff-overflow" role="alert">
          Too many changes to show. To preserve performance only {files.length} files are displayed.{' '}
          <a href={treePath(project, newRef)}>Browse the files</a> instead.
        </p>
      )}
      <p class="diff-summary">
        Showing {files.length} changed {files.length === 1 ? 'file' : 'files'} with {additions} {additions === 1 ? 'addition' : 'additions'} and {deletions}{' '}
        {deletions === 1 ? 'deletion' : 'deletions'}
      </p>
      {parsed.map(({ file, rows, highlight, collapsed }, index) => (
        <FileDiffBlock index={index} file={file} rows={rows} highlight={highlight} collapsed={collapsed} project={project} oldRef={oldRef} newRef={newRef} />
      ))}
    </section>
  );
}
