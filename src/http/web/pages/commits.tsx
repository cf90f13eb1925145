import type { RefHistoryView } from '../../../services/repository/list-ref-history.ts';
import { CommitList } from '../components/commit-list.tsx';
import { Layout } from '../components/layout.tsx';
import { Pager } from '../components/pager.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { commitsPath, treePath } from '../paths.ts';
import type { View } from '../web-context.ts';

/** GET /<ns>/<project>/-/commits/<ref>[/<path>]: a page of the ref's history, grouped by day. */
export function CommitsPage({ view, history }: { view: View; history: RefHistoryView }) {
  const { context, ref, path } = history;
  const commits = history.history.commits.map(({ logged }) => logged.commit);
  return (
    <Layout view={view} title={path ? `Commits · ${path} · ${ref}` : `Commits · ${ref}`}>
      <ProjectHeader context={context} current="commits" trail="Commits" />
      <div class="page-head">
        <hgroup>
          <h1>Commits</h1>
          <p class="lead">
            On <a href={treePath(context, ref)}><code>{ref}</code></a>
            {path && (
              <>
                {' '}touching <a href={treePath(context, ref, path)}><code>{path}</code></a> (<a href={commitsPath(context, ref)}>whole history</a>)
              </>
            )}
          </p>
        </hgroup>
      </div>
      {commits.length === 0 ? <p class="muted">No commits on this page.</p> : <CommitList project={context} commits={commits} />}
      <Pager page={history.history} path={commitsPath(context, ref, path)} label="Commit pages" />
    </Layout>
  );
}
