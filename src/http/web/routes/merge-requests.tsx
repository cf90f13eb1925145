import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import { approveMergeRequest } from '../../../services/merge-requests/approve-merge-request.ts';
import { createMergeRequestNote } from '../../../services/merge-requests/create-merge-request-note.ts';
import { browseMergeRequests, MERGE_REQUEST_TABS, type MergeRequestTab } from '../../../services/merge-requests/browse-merge-requests.ts';
import { mergeMergeRequest } from '../../../services/merge-requests/merge-merge-request.ts';
import { readMergeRequestChanges } from '../../../services/merge-requests/read-merge-request-changes.ts';
import { readMergeRequestPage } from '../../../services/merge-requests/read-merge-request-page.ts';
import { unapproveMergeRequest } from '../../../services/merge-requests/unapprove-merge-request.ts';
import { updateMergeRequest } from '../../../services/merge-requests/update-merge-request.ts';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { field, formBody, pageNumber } from '../form.ts';
import { sendNotFoundPage } from '../not-found.tsx';
import { MergeRequestChangesPage } from '../pages/merge-request-changes.tsx';
import { MergeRequestOverviewPage, type NoteFormState } from '../pages/merge-request.tsx';
import { MergeRequestsPage } from '../pages/merge-requests.tsx';
import { idOf, mergeRequestPath, projectRefOf } from '../paths.ts';
import { redirectAfterPost, sendPage } from '../render.ts';
import { principalOf, signedIn, viewOf } from '../web-context.ts';

/** GitLab's merge request list page size. */
const PER_PAGE = 20;

/** One-line confirmations after an action (`?notice=<key>`): fixed texts, never echoed input. */
const NOTICES: Record<string, string> = {
  merged: 'The merge request was merged.',
  closed: 'The merge request was closed.',
  reopened: 'The merge request was reopened.',
  approved: 'You approved the merge request.',
  unapproved: 'You revoked your approval.',
  commented: 'Your comment was added.',
};

function tabOf(query: unknown): MergeRequestTab {
  const state = (query as Record<string, unknown> | undefined)?.state;
  return MERGE_REQUEST_TABS.find((tab) => tab === state) ?? 'opened';
}

function noticeOf(query: unknown): string | null {
  const key = (query as Record<string, unknown> | undefined)?.notice;
  return typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key]! : null;
}

/** A refusal in words for the page: GitLab's bare "405 Method Not Allowed" says the merge request cannot be merged now. */
function refusalOf(error: AppError): string {
  const verbatim = error.details.verbatim as { status?: number } | undefined;
  if (verbatim?.status === 405) return 'This merge request cannot be merged now: check its status below.';
  return formErrorMessage(error);
}

interface Outcome {
  error?: string;
  status?: number;
  noteForm?: Omit<NoteFormState, 'action'>;
}

/**
 * The merge request pages, GitLab's URLs: the list, one merge request (overview, commits,
 * changes) and its buttons as POST forms. The API's services decide who may read and do what:
 * what the API refuses, the page refuses.
 */
export function mergeRequestRoutes(deps: Deps) {
  const base = '/:namespace/:project/-/merge_requests';
  const optional = { config: { auth: 'optional' as const } };
  const iidOf = (request: FastifyRequest): number | null => idOf(request.params, 'iid');

  async function renderOverview(request: FastifyRequest, reply: FastifyReply, iid: number, outcome: Outcome) {
    const page = await readMergeRequestPage(deps, principalOf(request), { project: projectRefOf(request.params), iid });
    const noteForm: NoteFormState = {
      action: `${mergeRequestPath(page.context, iid)}/notes`,
      body: outcome.noteForm?.body ?? '',
      error: outcome.noteForm?.error ?? null,
    };
    const body = <MergeRequestOverviewPage view={viewOf(request)} page={page} notice={noticeOf(request.query)} error={outcome.error ?? null} noteForm={noteForm} />;
    return sendPage(reply, body, outcome.status ?? 200);
  }

  /** A button's POST: the service decides; its refusal is shown on the page, success redirects with a notice. */
  function action(name: string, notice: string, run: (request: FastifyRequest, iid: number) => Promise<unknown>) {
    return async (app: FastifyInstance) => {
      app.post(`${base}/:iid/${name}`, async (request, reply) => {
        signedIn(request);
        const iid = iidOf(request);
        if (iid === null) return sendNotFoundPage(request, reply, viewOf(request));
        const result = await tryForm(() => run(request, iid));
        if (!result.ok) return renderOverview(request, reply, iid, { error: refusalOf(result.error), status: formErrorStatus(result.error) });
        return redirectAfterPost(reply, `${request.url.split('?')[0]!.replace(/\/[^/]+$/, '')}?notice=${notice}`);
      });
    };
  }

  const target = (request: FastifyRequest, iid: number) => ({ project: projectRefOf(request.params), iid });

  return async (app: FastifyInstance): Promise<void> => {
    app.get(base, optional, async (request, reply) => {
      const tab = tabOf(request.query);
      const data = await browseMergeRequests(deps, principalOf(request), { project: projectRefOf(request.params), tab, page: { page: pageNumber(request.query), perPage: PER_PAGE } });
      return sendPage(reply, <MergeRequestsPage view={viewOf(request)} data={data} tab={tab} />);
    });

    app.get(`${base}/:iid`, optional, async (request, reply) => {
      const iid = iidOf(request);
      if (iid === null) return sendNotFoundPage(request, reply, viewOf(request));
      return renderOverview(request, reply, iid, {});
    });

    for (const tab of ['diffs', 'commits'] as const) {
      app.get(`${base}/:iid/${tab}`, optional, async (request, reply) => {
        const iid = iidOf(request);
        if (iid === null) return sendNotFoundPage(request, reply, viewOf(request));
        const changes = await readMergeRequestChanges(deps, principalOf(request), target(request, iid));
        return sendPage(reply, <MergeRequestChangesPage view={viewOf(request)} changes={changes} tab={tab} />);
      });
    }

    // The API's PUT …/merge, PUT … state_event=close|reopen, POST …/approve and …/unapprove, as forms.
    await app.register(
      action('merge', 'merged', (request, iid) => {
        const body = formBody(request.body);
        const sha = field(body, 'sha');
        return mergeMergeRequest(deps, principalOf(request), {
          ...target(request, iid),
          sha: sha === '' ? undefined : sha,
          squash: field(body, 'squash') === '1',
          shouldRemoveSourceBranch: field(body, 'should_remove_source_branch') === '1',
        });
      }),
    );
    // The API's POST …/notes, as the comment form: a refusal keeps what was typed.
    app.post(`${base}/:iid/notes`, async (request, reply) => {
      const { principal } = signedIn(request);
      const iid = iidOf(request);
      if (iid === null) return sendNotFoundPage(request, reply, viewOf(request));
      const body = field(formBody(request.body), 'body');
      const result = await tryForm(() => createMergeRequestNote(deps, principal, { ...target(request, iid), body }));
      if (!result.ok) return renderOverview(request, reply, iid, { status: formErrorStatus(result.error), noteForm: { body, error: refusalOf(result.error) } });
      return redirectAfterPost(reply, `${request.url.split('?')[0]!.replace(/\/notes$/, '')}?notice=commented#notes`);
    });
    await app.register(action('close', 'closed', (request, iid) => updateMergeRequest(deps, principalOf(request), { ...target(request, iid), stateEvent: 'close', links: {} })));
    await app.register(action('reopen', 'reopened', (request, iid) => updateMergeRequest(deps, principalOf(request), { ...target(request, iid), stateEvent: 'reopen', links: {} })));
    await app.register(action('approve', 'approved', (request, iid) => approveMergeRequest(deps, principalOf(request), target(request, iid))));
    await app.register(action('unapprove', 'unapproved', (request, iid) => unapproveMergeRequest(deps, principalOf(request), target(request, iid))));
  };
}
