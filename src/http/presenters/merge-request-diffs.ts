import type { FileDiff } from '../../git/diff.ts';
import { presentDiff } from './commits.ts';

/** A file's `---`/`+++` lines, `/dev/null` for a side that does not exist. */
function fileHeader(file: FileDiff): string {
  return `--- ${file.newFile ? '/dev/null' : `a/${file.oldPath}`}\n+++ ${file.deletedFile ? '/dev/null' : `b/${file.newPath}`}\n`;
}

/** GitLab's diff entity; `unidiff=true`: the patch with its file header, as `git diff` writes it. */
export function presentMergeRequestDiff(file: FileDiff, options: { unidiff: boolean }) {
  const shown = presentDiff(file);
  return options.unidiff && file.diff !== '' ? { ...shown, diff: fileHeader(file) + file.diff } : shown;
}

/** GET .../raw_diffs: every file's patch, one after another, as `git diff` prints them. */
export function rawDiffText(files: FileDiff[]): string {
  return files
    .map((file) => {
      const modes = file.newFile ? `new file mode ${file.bMode}\n` : file.deletedFile ? `deleted file mode ${file.aMode}\n` : '';
      const rename = file.renamedFile ? `rename from ${file.oldPath}\nrename to ${file.newPath}\n` : '';
      const body = file.diff === '' ? '' : file.diff.startsWith('Binary files ') ? file.diff : fileHeader(file) + file.diff;
      return `diff --git a/${file.oldPath} b/${file.newPath}\n${modes}${rename}${body}`;
    })
    .join('');
}
