import type { BrowsedTree } from '../../../services/repository/browse-repository-tree.ts';
import { Layout } from '../components/layout.tsx';
import { Pager } from '../components/pager.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { RefSwitcher } from '../components/ref-switcher.tsx';
import { ReadmeView, TreeListing } from '../components/tree-listing.tsx';
import { PathCrumbs, LatestCommit } from '../components/repository-location.tsx';
import { commitsPath, treePath } from '../paths.ts';
import type { View } from '../web-context.ts';

/** `/-/tree/<ref>/<path>`: a directory at a ref, its entries, the last commit of each, its README. */
export function RepositoryTreePage({ view, tree }: { view: View; tree: BrowsedTree }) {
  const { context } = tree;
  return (
    <Layout view={view} title={tree.path === '' ? `Files · ${context.project.name}` : `${tree.path} · ${context.project.name}`}>
      <ProjectHeader context={context} current="files" />
      <div class="repository-bar">
        <RefSwitcher project={context} current={tree.ref} refs={tree.refs} destination="tree" path={tree.path} />
        <PathCrumbs project={context} gitRef={tree.ref} path={tree.path} />
        <a href={commitsPath(context, tree.ref, tree.path)}>History</a>
      </div>
      <LatestCommit project={context} commit={tree.latest} />
      <TreeListing tree={tree} />
      <Pager page={tree.entries} path={treePath(context, tree.ref, tree.path)} label="Entries" />
      {tree.readme && <ReadmeView tree={tree} readme={tree.readme} />}
    </Layout>
  );
}
