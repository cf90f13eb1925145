import type { ProjectContext } from '../../../services/projects/project-context.ts';
import type { CompareView } from '../../../services/repository/compare-repository-refs.ts';
import { CommitList } from '../components/commit-list.tsx';
import { Diff } from '../components/diff.tsx';
import { Layout } from '../components/layout.tsx';
import { FormError } from '../components/messages.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { comparePath } from '../paths.ts';
import type { View } from '../web-context.ts';

export interface CompareFormValues {
  from: string;
  to: string;
}

function CompareForm({ context, values, refNames }: { context: ProjectContext; values: CompareFormValues; refNames: string[] }) {
  return (
    <form method="get" action={comparePath(context)} class="compare-form">
      <div class="grid">
        <label for="compare-to">
          Source (the changes)
          <input id="compare-to" name="to" value={values.to} list="compare-refs" required placeholder="branch, tag or commit" />
        </label>
        <label for="compare-from">
          Target (compared against)
          <input id="compare-from" name="from" value={values.from} list="compare-refs" required placeholder="branch, tag or commit" />
        </label>
      </div>
      <datalist id="compare-refs">
        {refNames.map((name) => (
          <option value={name} />
        ))}
      </datalist>
      <button type="submit">Compare</button>
    </form>
  );
}

function CompareResult({ context, values, result }: { context: ProjectContext; values: CompareFormValues; result: CompareView }) {
  if (result.same || (result.commits.length === 0 && result.diff.files.length === 0)) {
    return (
      <article>
        <p>
          <strong>There isn't anything to compare.</strong>
        </p>
        <p class="muted">
          {result.same ? (
            <>
              <code>{values.from}</code> and <code>{values.to}</code> are the same.
            </>
          ) : (
            <>
              <code>{values.to}</code> has no changes that are not in <code>{values.from}</code>.
            </>
          )}
        </p>
      </article>
    );
  }
  return (
    <>
      <h2>{`Commits (${result.commits.length})`}</h2>
      {result.commits.length === 0 ? <p class="muted">No commits.</p> : <CommitList project={context} commits={result.commits.map(({ commit }) => commit)} />}
      <h2>Changes</h2>
      <Diff project={context} files={result.diff.files} overflow={result.diff.overflow} oldRef={result.fromId} newRef={result.toId} />
    </>
  );
}

/**
 * GET /<ns>/<project>/-/compare[/<from>...<to>]: the form, and when both sides are named, the
 * commits in `to` that are not in `from` and the changes since their merge base.
 */
export function ComparePage(props: {
  view: View;
  context: ProjectContext;
  values: CompareFormValues;
  refNames: string[];
  result: CompareView | null;
  error: string | null;
}) {
  const { view, context, values, result, error } = props;
  const named = values.from !== '' && values.to !== '';
  return (
    <Layout view={view} title={named ? `Compare ${values.from}...${values.to}` : 'Compare revisions'}>
      <ProjectHeader context={context} current="commits" trail="Compare" />
      <div class="page-head">
        <hgroup>
          <h1>Compare revisions</h1>
          <p class="lead">Changes are shown as if the source revision was being merged into the target revision.</p>
        </hgroup>
        {named && error === null && (
          <a class="button-link secondary" role="button" href={comparePath(context, values.to, values.from)}>
            Swap revisions
          </a>
        )}
      </div>
      <CompareForm context={context} values={values} refNames={props.refNames} />
      <FormError message={error} />
      {result && <CompareResult context={context} values={values} result={result} />}
    </Layout>
  );
}
