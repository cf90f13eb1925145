import type { MergeRequestNoteRow, UserRow } from '../../../db/schema.ts';
import type { MergeReadiness } from '../../../policies/merge-request-readiness.ts';
import type { MergeRequestPage } from '../../../services/merge-requests/read-merge-request-page.ts';
import { CsrfField } from '../components/csrf-field.tsx';
import { Layout } from '../components/layout.tsx';
import { Markdown } from '../components/markdown.tsx';
import { MergeRequestButtons } from '../components/merge-request-actions.tsx';
import { MergeRequestHead, Person, PipelineBadge, safeWebUrl } from '../components/merge-request-parts.tsx';
import { FormError, Notice } from '../components/messages.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { Timestamp } from '../components/time.tsx';
import { blobPath, commitPath, mergeRequestPath, rawPath } from '../paths.ts';
import type { View } from '../web-context.ts';

const READINESS: Record<MergeReadiness, string> = {
  merged: 'Merged',
  closed: 'Closed',
  draft: 'Draft: this merge request cannot be merged until it is marked ready',
  source_missing: 'Source branch missing: it was deleted or renamed',
  conflicts: 'Merge conflicts: they must be resolved before merging',
  checking: 'Checking whether it can be merged',
  needs_rebase: 'The source branch must be rebased onto the target branch before a fast-forward merge',
  ready: 'Ready to merge',
};

function MergeWidget({ view, page }: { view: View; page: MergeRequestPage }) {
  const { context, shown, approvals, statuses, people, readiness } = page;
  const mr = shown.mergeRequest;
  return (
    <article class="mr-widget" aria-label="Merge status">
      {page.pipeline && (
        <section aria-label="Pipeline">
          <p>
            <PipelineBadge pipeline={page.pipeline} /> for{' '}
            <a href={commitPath(context, page.pipeline.sha)}>
              <code>{page.pipeline.sha.slice(0, 8)}</code>
            </a>
          </p>
          <table class="striped" id="mr-statuses">
            <tbody>
              {statuses.map((status) => {
                const href = safeWebUrl(status.target_url);
                return (
                  <tr data-status={status.name}>
                    <td>
                      <span class={`badge ci-status ci-${status.status}`}>{status.status}</span>
                    </td>
                    <td>{href ? <a href={href} rel="noopener noreferrer nofollow">{status.name}</a> : status.name}</td>
                    <td class="muted">{status.description ?? ''}</td>
                    <td>
                      <small class="muted">
                        <Person user={status.author_id === null ? undefined : people.get(status.author_id)} />
                      </small>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      <section aria-label="Approvals">
        <p id="mr-approvals">
          {approvals.approvers.length === 0 ? (
            'Approval is optional'
          ) : (
            <>
              Approved by{' '}
              {approvals.approvers.map((user, i) => (
                <>
                  {i > 0 && ', '}
                  <Person user={user} />
                </>
              ))}
            </>
          )}
        </p>
      </section>
      <section aria-label="Merge">
        <p id="mr-readiness" class={`mr-readiness mr-readiness-${readiness}`}>
          <strong>{READINESS[readiness]}</strong>
          {mr.state === 'merged' && mr.merged_at && (
            <>
              {' '}
              <Timestamp at={mr.merged_at} />
              {(mr.merge_commit_sha ?? mr.squash_commit_sha) && (
                <>
                  {' · '}
                  <a href={commitPath(context, (mr.merge_commit_sha ?? mr.squash_commit_sha)!)}>
                    <code>{(mr.merge_commit_sha ?? mr.squash_commit_sha)!.slice(0, 8)}</code>
                  </a>
                </>
              )}
            </>
          )}
        </p>
        {readiness === 'ready' && !page.actions.merge && <p class="muted">You are not allowed to merge this merge request.</p>}
        <MergeRequestButtons view={view} context={context} mr={mr} actions={page.actions} />
      </section>
    </article>
  );
}

function Note({ note, author }: { note: MergeRequestNoteRow; author: UserRow | undefined }) {
  return (
    <li class={note.system ? 'mr-note mr-note-system' : 'mr-note'} id={`note_${note.id}`}>
      <small>
        <strong>
          <Person user={author} />
        </strong>{' '}
        <span class="muted">
          <Timestamp at={note.created_at} />
        </span>
      </small>
      {note.system ? <p class="muted">{note.body}</p> : <Markdown source={note.body} />}
    </li>
  );
}

/** Notes grouped into their discussions, in the order each discussion started; a thread says whether it is resolved. */
function Discussions({ page }: { page: MergeRequestPage }) {
  const discussions = new Map<string, MergeRequestNoteRow[]>();
  for (const note of page.notes) discussions.set(note.discussion_id, [...(discussions.get(note.discussion_id) ?? []), note]);
  if (discussions.size === 0) return <p class="muted">No comments yet.</p>;
  return (
    <ol class="mr-discussions">
      {[...discussions].map(([id, notes]) => {
        const resolvable = notes.filter((note) => note.resolvable === 1);
        const resolved = resolvable.length > 0 && resolvable.every((note) => note.resolved_at !== null);
        return (
          <li class="mr-discussion" id={`discussion_${id}`}>
            {resolvable.length > 0 && <span class={`badge ${resolved ? 'mr-resolved' : 'mr-unresolved'}`}>{resolved ? 'Resolved' : 'Unresolved thread'}</span>}
            <ul>
              {notes.map((note) => (
                <Note note={note} author={page.people.get(note.author_id)} />
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}

export interface NoteFormState {
  /** Where the note form posts. */
  action: string;
  body: string;
  error: string | null;
}

function NoteForm({ view, form }: { view: View; form: NoteFormState }) {
  return (
    <form method="post" action={form.action} class="mr-note-form">
      <CsrfField view={view} />
      <FormError message={form.error} id="note-error" />
      <label for="note-body">
        Comment
        <textarea id="note-body" name="body" rows={4} required placeholder="Write a comment (Markdown)">
          {form.body}
        </textarea>
      </label>
      <button type="submit">Comment</button>
    </form>
  );
}

/** GET /<ns>/<project>/-/merge_requests/<iid>: the description, the merge widget and the discussion. */
export function MergeRequestOverviewPage(props: { view: View; page: MergeRequestPage; notice: string | null; error: string | null; noteForm: NoteFormState }) {
  const { view, page } = props;
  const { context, shown } = page;
  const mr = shown.mergeRequest;
  const source = mr.source_branch;
  return (
    <Layout view={view} title={`${mr.title} (!${mr.iid}) · Merge requests · ${context.project.name}`}>
      <ProjectHeader context={context} current="merge_requests" trail={`!${mr.iid}`} />
      <MergeRequestHead context={context} mr={mr} author={shown.view.users.get(mr.author_id)} current="overview" counts={{ changes: shown.changesCount }} />
      <Notice message={props.notice} />
      <FormError message={props.error} />
      <section class="mr-description" aria-label="Description">
        {mr.description ? (
          <Markdown source={mr.description} links={{ linkBase: `${blobPath(context, source, '')}/`, imageBase: `${rawPath(context, source, '')}/` }} />
        ) : (
          <p class="muted">No description provided.</p>
        )}
      </section>
      <MergeWidget view={view} page={page} />
      <h2 id="notes">Activity</h2>
      <Discussions page={page} />
      {page.actions.comment && <NoteForm view={view} form={props.noteForm} />}
      <p>
        <a href={mergeRequestPath(context, mr.iid, 'diffs')}>View the changes</a>
      </p>
    </Layout>
  );
}
