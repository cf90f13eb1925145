import type { CommitChangesView } from '../../../services/repository/read-commit-changes.ts';
import { utcInstant } from '../components/commit-list.tsx';
import { Diff } from '../components/diff.tsx';
import { Layout } from '../components/layout.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { Timestamp } from '../components/time.tsx';
import { commitPath, commitsPath, tagPath, treePath } from '../paths.ts';
import type { View } from '../web-context.ts';

/** The most branches and tags named on the page; the rest are counted. */
const MAX_REFS_SHOWN = 20;

function Refs({ view: { context, refs } }: { view: CommitChangesView }) {
  if (refs.length === 0) return <span class="muted">None</span>;
  return (
    <>
      {refs.slice(0, MAX_REFS_SHOWN).map((ref) => (
        <>
          <a class="badge" href={ref.type === 'branch' ? commitsPath(context, ref.name) : tagPath(context, ref.name)}>
            {ref.type === 'tag' ? `tag ${ref.name}` : ref.name}
          </a>{' '}
        </>
      ))}
      {refs.length > MAX_REFS_SHOWN && <small class="muted">{`and ${refs.length - MAX_REFS_SHOWN} more`}</small>}
    </>
  );
}

/** GET /<ns>/<project>/-/commit/<sha>: the message, author and committer, parents, refs, and the diff against the first parent. */
export function CommitPage({ view, changes }: { view: View; changes: CommitChangesView }) {
  const { context, logged, diff } = changes;
  const commit = logged.commit;
  const short = commit.id.slice(0, 8);
  const body = commit.message.split('\n').slice(1).join('\n').trim();
  const sameCommitter = commit.committerName === commit.authorName && commit.committerEmail === commit.authorEmail;
  const parent = commit.parentIds[0] ?? null;
  return (
    <Layout view={view} title={`${commit.title} · ${short}`}>
      <ProjectHeader context={context} current="commits" trail={`Commit ${short}`} />
      <div class="page-head">
        <hgroup>
          <h1 class="commit-title">{commit.title}</h1>
          <p class="lead">
            Commit <code title={commit.id}>{short}</code> authored <Timestamp at={utcInstant(commit.authoredDate)} /> by {commit.authorName}
          </p>
        </hgroup>
        <a class="button-link" role="button" href={treePath(context, commit.id)}>
          Browse files
        </a>
      </div>
      {body && <pre class="commit-message">{body}</pre>}
      <dl class="facts">
        <dt>Commit</dt>
        <dd>
          <code>{commit.id}</code>
        </dd>
        <dt>Author</dt>
        <dd>
          {commit.authorName} &lt;{commit.authorEmail}&gt; · <Timestamp at={utcInstant(commit.authoredDate)} />
        </dd>
        {!sameCommitter && (
          <>
            <dt>Committer</dt>
            <dd>
              {commit.committerName} &lt;{commit.committerEmail}&gt; · <Timestamp at={utcInstant(commit.committedDate)} />
            </dd>
          </>
        )}
        <dt>{commit.parentIds.length === 1 ? 'Parent' : 'Parents'}</dt>
        <dd>
          {commit.parentIds.length === 0 ? (
            <span class="muted">None (a root commit)</span>
          ) : (
            commit.parentIds.map((id) => (
              <>
                <a href={commitPath(context, id)}>
                  <code>{id.slice(0, 8)}</code>
                </a>{' '}
              </>
            ))
          )}
        </dd>
        <dt>Branches and tags</dt>
        <dd>
          <Refs view={changes} />
        </dd>
      </dl>
      {commit.parentIds.length > 1 && (
        <p class="muted">
          A merge commit: the changes are shown against its first parent, <code>{parent!.slice(0, 8)}</code>.
        </p>
      )}
      <Diff project={context} files={diff.files} overflow={diff.overflow} oldRef={parent} newRef={commit.id} />
    </Layout>
  );
}
