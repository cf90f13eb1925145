import type { Principal } from '../../domain/principal.ts';
import type { Paged } from '../../db/pagination.ts';
import type { Deps } from '../../deps.ts';
import { readBlobContent } from '../../git/blob-objects.ts';
import { findBlob } from '../../git/blobs.ts';
import { lastCommitsOfEntries, type CommitSummary } from '../../git/last-commits.ts';
import type { TreeEntry } from '../../git/tree-entries.ts';
import type { ProjectContext, ProjectRef } from '../projects/project-context.ts';
import { readRepositoryTree } from './read-repository-tree.ts';
import { locateInRepository, refNames, type RepositoryLocation } from './repository-location.ts';
import { findReadableRepository } from './repository-access.ts';

/** Entries a tree page lists at once (GitLab loads more as you scroll; a page here has a pager). */
export const TREE_PAGE_ENTRIES = 1000;
/** Branches and tags a ref switcher offers. */
export const SWITCHER_REFS = 500;
/** A README larger than this is linked, not rendered. */
export const README_LIMIT_BYTES = 512 * 1024;

/** README names GitLab renders below a tree, Markdown first. */
const README = /^readme(\.(md|markdown|mdown|mkd|mkdn|txt|rst))?$/i;

export interface Readme {
  path: string;
  /** Null when the file is too large to render here. */
  content: string | null;
  markdown: boolean;
}

export interface BrowsedTree extends RepositoryLocation {
  context: ProjectContext;
  entries: Paged<TreeEntry>;
  /** The last commit of each listed entry, by path (entries the capped walk did not reach are absent). */
  lastCommits: Map<string, CommitSummary>;
  /** The newest commit that touched this directory. */
  latest: CommitSummary | null;
  readme: Readme | null;
  refs: { branches: string[]; tags: string[]; truncated: boolean };
}

function readmeOf(entries: readonly TreeEntry[]): TreeEntry | null {
  const candidates = entries.filter((entry) => entry.type === 'blob' && README.test(entry.path.slice(entry.path.lastIndexOf('/') + 1)));
  const markdown = candidates.find((entry) => /\.(md|markdown|mdown|mkd|mkdn)$/i.test(entry.path));
  return markdown ?? candidates[0] ?? null;
}

async function loadReadme(repositoryDir: string, commitId: string, entry: TreeEntry): Promise<Readme> {
  const markdown = /\.(md|markdown|mdown|mkd|mkdn)$/i.test(entry.path);
  const blob = await findBlob(repositoryDir, commitId, entry.path);
  if (blob === null || blob.size > README_LIMIT_BYTES) return { path: entry.path, content: null, markdown };
  return { path: entry.path, content: (await readBlobContent(repositoryDir, blob.id)).toString('utf8'), markdown };
}

/**
 * The Files page (`/-/tree/<ref>/<path>`): a directory's entries as the tree API lists them, the
 * last commit of each (one capped history walk), its README, and the refs to switch to.
 */
export async function browseRepositoryTree(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; refAndPath: string; page: number },
): Promise<BrowsedTree> {
  const { context, repositoryDir } = await findReadableRepository(deps, actor, input.project);
  const location = await locateInRepository(repositoryDir, input.refAndPath, context.project.default_branch);
  const entries = await readRepositoryTree(deps, actor, {
    project: input.project,
    ref: location.commitId,
    ...(location.path !== '' && { path: location.path }),
    recursive: false,
    page: { page: input.page, perPage: TREE_PAGE_ENTRIES },
  });
  const prefixLength = location.path === '' ? 0 : location.path.length + 1;
  const names = entries.items.map((entry) => entry.path.slice(prefixLength));
  const readmeEntry = readmeOf(entries.items);
  const [walk, readme, refs] = await Promise.all([
    lastCommitsOfEntries(repositoryDir, location.commitId, location.path, names),
    readmeEntry === null ? null : loadReadme(repositoryDir, location.commitId, readmeEntry),
    refNames(repositoryDir, SWITCHER_REFS),
  ]);
  const lastCommits = new Map<string, CommitSummary>();
  for (const [name, commit] of walk.byName) lastCommits.set(`${location.path === '' ? '' : `${location.path}/`}${name}`, commit);
  return { ...location, context, entries, lastCommits, latest: walk.latest, readme, refs };
}
