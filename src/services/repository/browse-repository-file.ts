import { notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { BINARY_SNIFF_BYTES, looksBinary, readBlobHead } from '../../git/blob-head.ts';
import { readBlobContent } from '../../git/blob-objects.ts';
import { findBlob } from '../../git/blobs.ts';
import { logCommits } from '../../git/log.ts';
import type { GitCommit } from '../../git/branches.ts';
import type { CommitSummary } from '../../git/last-commits.ts';
import type { ProjectContext, ProjectRef } from '../projects/project-context.ts';
import { locateInRepository, refNames, type RepositoryLocation } from './repository-location.ts';
import { findReadableRepository } from './repository-access.ts';
import { SWITCHER_REFS } from './browse-repository-tree.ts';

/** Text files up to this size are shown on the page; larger ones are offered as a download (never read whole). */
export const DISPLAY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * Text files with more lines than this are offered as a download too: each line is a table row,
 * and a 2 MB file of empty lines (a million rows) would take the server minutes and gigabytes to draw.
 */
export const DISPLAY_LIMIT_LINES = 20_000;

/** Whether `text` has more than `max` lines, counted without splitting it. */
function hasMoreLinesThan(text: string, max: number): boolean {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < text.length - 1; at = text.indexOf('\n', at + 1)) if (++lines >= max) return true;
  return false;
}

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|ico|avif|svg)$/i;

/**
 * What the page shows: the text, an image (through the raw URL), or only a download for binary
 * content and files over DISPLAY_LIMIT_BYTES.
 */
export type FileContent = { kind: 'text'; text: string } | { kind: 'image' } | { kind: 'binary' } | { kind: 'too_large' } | { kind: 'too_many_lines' };

export interface BrowsedFile extends RepositoryLocation {
  context: ProjectContext;
  blobId: string;
  size: number;
  lastCommit: CommitSummary | null;
  content: FileContent;
  refs: { branches: string[]; tags: string[]; truncated: boolean };
}

function summaryOf(commit: GitCommit | undefined): CommitSummary | null {
  if (commit === undefined) return null;
  return { id: commit.id, authoredDate: new Date(commit.authoredDate).toISOString(), authorName: commit.authorName, title: commit.title };
}

/** Whether a file name is shown as a picture (raster images and SVG, the latter only ever through `<img>`). */
export const isImagePath = (path: string): boolean => IMAGE_EXTENSIONS.test(path);

/** The file page (`/-/blob/<ref>/<path>`): a file at a ref with its last commit, read only as far as the page shows it. */
export async function browseRepositoryFile(deps: Deps, actor: Principal, input: { project: ProjectRef; refAndPath: string }): Promise<BrowsedFile> {
  const { context, repositoryDir } = await findReadableRepository(deps, actor, input.project);
  const location = await locateInRepository(repositoryDir, input.refAndPath, context.project.default_branch);
  if (location.path === '') throw notFound('File');
  const blob = await findBlob(repositoryDir, location.commitId, location.path);
  if (blob === null) throw notFound('File');
  const [history, head, refs] = await Promise.all([
    logCommits(repositoryDir, { revisions: [location.commitId], path: location.path, limit: 1 }),
    readBlobHead(repositoryDir, blob.id, BINARY_SNIFF_BYTES),
    refNames(repositoryDir, SWITCHER_REFS),
  ]);
  let content: FileContent;
  if (isImagePath(location.path)) content = { kind: 'image' };
  else if (looksBinary(head)) content = { kind: 'binary' };
  else if (blob.size > DISPLAY_LIMIT_BYTES) content = { kind: 'too_large' };
  else {
    const text = (await readBlobContent(repositoryDir, blob.id)).toString('utf8');
    content = hasMoreLinesThan(text, DISPLAY_LIMIT_LINES) ? { kind: 'too_many_lines' } : { kind: 'text', text };
  }
  return { ...location, context, blobId: blob.id, size: blob.size, lastCommit: summaryOf(history[0]?.commit), content, refs };
}
