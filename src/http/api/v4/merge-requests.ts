import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import type { MergeRequestOrder } from '../../../db/repositories/merge-request-list.ts';
import { createMergeRequest } from '../../../services/merge-requests/create-merge-request.ts';
import { deleteMergeRequest } from '../../../services/merge-requests/delete-merge-request.ts';
import { updateMergeRequest } from '../../../services/merge-requests/update-merge-request.ts';
import { getProjectMergeRequest, listMergeRequestsEverywhere, listProjectMergeRequests, type MergeRequestQuery } from '../../../services/merge-requests/read-merge-requests.ts';
import type { MergeRequestRow } from '../../../db/schema.ts';
import type { MergeRequestView } from '../../../services/merge-requests/merge-request-view.ts';
import { unauthorized } from '../../../domain/errors.ts';
import type { Params } from '../../params.ts';
import { readPage } from '../../pagination.ts';
import { presentMergeRequest, presentMergeRequestBasic, presentMergeRequestSimple } from '../../presenters/merge-requests.ts';
import { idParam, paramsOf, projectRef, sendPage } from './route-kit.ts';

/** Names, as a comma-separated string or an array. */
export function nameList(params: Params, name: string): string[] | undefined {
  const items = params.stringArray(name);
  if (items === undefined) return undefined;
  return [...new Set(items.flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item.length > 0))];
}

/** A user id, or `None` / `Any` (any case). */
function personParam(params: Params, name: string): number | 'none' | 'any' | undefined {
  const raw = params.string(name);
  if (raw === undefined) return undefined;
  const lower = raw.trim().toLowerCase();
  if (lower === 'none' || lower === 'any') return lower;
  return params.integer(name, { min: 0 });
}

function listQuery(params: Params): MergeRequestQuery {
  const state = params.oneOf('state', ['opened', 'closed', 'merged', 'locked', 'all'] as const);
  const labels = nameList(params, 'labels');
  const only = labels?.length === 1 ? labels[0]!.toLowerCase() : undefined;
  const searchIn = nameList(params, 'in')?.filter((field): field is 'title' | 'description' => field === 'title' || field === 'description');
  const scope = params.oneOf('scope', ['created_by_me', 'created-by-me', 'assigned_to_me', 'assigned-to-me', 'reviews_for_me', 'all'] as const);
  return {
    state: state === 'all' ? undefined : state,
    scope: scope === undefined ? undefined : (scope.replaceAll('-', '_') as MergeRequestQuery['scope']),
    sourceBranch: params.string('source_branch'),
    targetBranch: params.string('target_branch'),
    authorId: params.integer('author_id', { min: 0 }),
    authorUsername: params.string('author_username'),
    assignee: personParam(params, 'assignee_id'),
    reviewer: personParam(params, 'reviewer_id'),
    reviewerUsername: params.string('reviewer_username'),
    iids: params.integerArray('iids'),
    ...(only === 'none' || only === 'any' ? { labelled: only } : { labels }),
    notLabels: nameList(params, 'not[labels]'),
    search: params.string('search', { max: 255 }),
    searchIn: searchIn && searchIn.length > 0 ? searchIn : undefined,
    createdAfter: params.datetime('created_after'),
    createdBefore: params.datetime('created_before'),
    updatedAfter: params.datetime('updated_after'),
    updatedBefore: params.datetime('updated_before'),
  };
}

function listOrder(params: Params): MergeRequestOrder {
  return {
    by: params.oneOf('order_by', ['created_at', 'updated_at', 'title', 'merged_at'] as const) ?? 'created_at',
    direction: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc',
  };
}

/** `assignee_ids` (an array, or `assignee_id` alone; 0 or an empty list: nobody) and `reviewer_ids`. */
export function peopleParams(params: Params): { assigneeIds?: number[]; reviewerIds?: number[] } {
  const single = params.integer('assignee_id', { min: 0 });
  const assigneeIds = params.integerArray('assignee_ids') ?? (single === undefined ? undefined : [single]);
  return { assigneeIds: assigneeIds?.filter((id) => id > 0), reviewerIds: params.integerArray('reviewer_ids')?.filter((id) => id > 0) };
}

/** A list's entity: `view=simple`, or MergeRequestBasic (`with_labels_details=true`: labels as objects). */
function listPresenter(params: Params, view: MergeRequestView, base: string): (mr: MergeRequestRow) => object {
  if (params.oneOf('view', ['simple'] as const) === 'simple') return (mr) => presentMergeRequestSimple(mr, view, base);
  const withLabelsDetails = params.boolean('with_labels_details');
  return (mr) => presentMergeRequestBasic(mr, view, base, { withLabelsDetails });
}

export function mergeRequestRoutes(deps: Deps) {
  const base = deps.config.externalUrl;

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/merge_requests', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const { mergeRequests, view } = await listProjectMergeRequests(deps, request.principal, {
        project: projectRef(request),
        query: listQuery(params),
        order: listOrder(params),
        page: readPage(params),
      });
      return sendPage(request, reply, base, mergeRequests, listPresenter(params, view, base));
    });

    // GitLab's `authenticate! unless params[:scope] == 'all'`: anyone may list the public ones.
    app.get('/merge_requests', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      if (request.principal.kind === 'anonymous' && params.string('scope') !== 'all') throw unauthorized();
      const { mergeRequests, view } = await listMergeRequestsEverywhere(deps, request.principal, {
        query: listQuery(params),
        order: listOrder(params),
        page: readPage(params),
      });
      return sendPage(request, reply, base, mergeRequests, listPresenter(params, view, base));
    });

    app.get('/projects/:id/merge_requests/:merge_request_iid', { config: { auth: 'optional', ability: 'read_api' } }, async (request) => {
      const params = paramsOf(request);
      const shown = await getProjectMergeRequest(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, 'merge_request_iid', 'Merge Request'),
        options: {
          includeDivergedCommitsCount: params.boolean('include_diverged_commits_count'),
          includeRebaseInProgress: params.boolean('include_rebase_in_progress'),
        },
      });
      return presentMergeRequest(shown, base);
    });

    app.post('/projects/:id/merge_requests', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const shown = await createMergeRequest(deps, request.principal, {
        project: projectRef(request),
        sourceBranch: params.string('source_branch', { required: true }),
        targetBranch: params.string('target_branch', { required: true }),
        title: params.string('title', { required: true }),
        description: params.string('description') ?? null,
        links: { labels: nameList(params, 'labels'), ...peopleParams(params) },
        removeSourceBranch: params.boolean('remove_source_branch'),
        squash: params.boolean('squash'),
      });
      reply.code(201);
      return presentMergeRequest(shown, base);
    });

    app.put('/projects/:id/merge_requests/:merge_request_iid', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      const shown = await updateMergeRequest(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, 'merge_request_iid', 'Merge Request'),
        title: params.string('title'),
        description: params.nullableString('description'),
        targetBranch: params.string('target_branch'),
        stateEvent: params.oneOf('state_event', ['close', 'reopen'] as const),
        links: { labels: nameList(params, 'labels'), addLabels: nameList(params, 'add_labels'), removeLabels: nameList(params, 'remove_labels'), ...peopleParams(params) },
        removeSourceBranch: params.boolean('remove_source_branch'),
        squash: params.boolean('squash'),
        discussionLocked: params.boolean('discussion_locked'),
      });
      return presentMergeRequest(shown, base);
    });

    app.delete('/projects/:id/merge_requests/:merge_request_iid', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteMergeRequest(deps, request.principal, { project: projectRef(request), iid: idParam(request, 'merge_request_iid', 'Merge Request') });
      reply.code(204);
    });
  };
}
