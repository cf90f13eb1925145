import type { TreeEntry } from '../../../git/tree-entries.ts';
import type { BrowsedTree, Readme } from '../../../services/repository/browse-repository-tree.ts';
import { blobPath, commitPath, rawPath, treePath } from '../paths.ts';
import { Markdown } from './markdown.tsx';
import { Timestamp } from './time.tsx';

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const parentOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

function EntryName({ tree, entry }: { tree: BrowsedTree; entry: TreeEntry }) {
  const name = baseName(entry.path);
  if (entry.type === 'tree') return <a href={treePath(tree.context, tree.ref, entry.path)} class="entry-tree">{`${name}/`}</a>;
  if (entry.type === 'commit') return <span class="entry-submodule">{`${name} @ ${entry.id.slice(0, 8)}`}</span>;
  return <a href={blobPath(tree.context, tree.ref, entry.path)} class="entry-blob">{name}</a>;
}

/** A directory's entries (directories first) with the last commit of each, as GitLab's file list. */
export function TreeListing({ tree }: { tree: BrowsedTree }) {
  return (
    <table id="tree-entries" class="tree-entries">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Last commit</th>
          <th scope="col">Last update</th>
        </tr>
      </thead>
      <tbody>
        {tree.path !== '' && (
          <tr>
            <td>
              <a href={treePath(tree.context, tree.ref, parentOf(tree.path))} aria-label="Parent directory">
                ..
              </a>
            </td>
            <td />
            <td />
          </tr>
        )}
        {tree.entries.items.map((entry) => {
          const last = tree.lastCommits.get(entry.path);
          return (
            <tr data-entry={entry.path}>
              <td>
                <EntryName tree={tree} entry={entry} />
              </td>
              <td>{last ? <a href={commitPath(tree.context, last.id)}>{last.title}</a> : <span class="muted">—</span>}</td>
              <td>{last ? <Timestamp at={last.authoredDate} /> : null}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The directory's README below its listing: Markdown rendered with links inside the repository, other text as it is. */
export function ReadmeView({ tree, readme }: { tree: BrowsedTree; readme: Readme }) {
  const dir = parentOf(readme.path);
  const links = { linkBase: `${blobPath(tree.context, tree.ref, dir)}/`, imageBase: `${rawPath(tree.context, tree.ref, dir)}/` };
  return (
    <article class="readme" aria-labelledby="readme-heading">
      <header>
        <a id="readme-heading" href={blobPath(tree.context, tree.ref, readme.path)}>
          {baseName(readme.path)}
        </a>
      </header>
      {readme.content === null ? (
        <p class="muted">This README is too large to show here.</p>
      ) : readme.markdown ? (
        <Markdown source={readme.content} links={links} />
      ) : (
        <pre>{readme.content}</pre>
      )}
    </article>
  );
}
