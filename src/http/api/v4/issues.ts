import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createIssue } from '../../../services/issues/create-issue.ts';
import type { IssueView } from '../../../services/issues/issue-view.ts';
import { getProjectIssue, listProjectIssues } from '../../../services/issues/read-issues.ts';
import { updateIssue } from '../../../services/issues/update-issue.ts';
import type { IssueRow } from '../../../db/schema.ts';
import type { Params } from '../../params.ts';
import { readPage } from '../../pagination.ts';
import { presentIssue } from '../../presenters/issues.ts';
import { idParam, paramsOf, projectRef, sendPage } from './route-kit.ts';

/** Label names, as a comma-separated string or an array (whose items may hold commas too). */
function labelList(params: Params, name: string): string[] | undefined {
  const items = params.stringArray(name);
  if (items === undefined) return undefined;
  const names = items.flatMap((item) => item.split(',')).map((item) => item.trim());
  return [...new Set(names.filter((item) => item.length > 0))];
}

/** `labels=` of the list: names that must all be there, or `None` / `Any` (any case). */
function labelFilter(params: Params): { labels?: string[]; labelled?: 'none' | 'any' } {
  const names = labelList(params, 'labels');
  const only = names?.length === 1 ? names[0]!.toLowerCase() : undefined;
  if (only === 'none' || only === 'any') return { labelled: only };
  return { labels: names };
}

export function issueRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  const presenter =
    (view: IssueView, options: { withLabelsDetails?: boolean } = {}) =>
    (issue: IssueRow) =>
      presentIssue(issue, view, base, options);

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/issues', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const state = params.oneOf('state', ['opened', 'closed', 'all'] as const);
      const { issues, view } = await listProjectIssues(deps, request.principal, {
        project: projectRef(request),
        filter: {
          state: state === 'all' ? undefined : state,
          search: params.string('search', { max: 255 }),
          authorId: params.integer('author_id', { min: 1 }),
          iids: params.integerArray('iids'),
          ...labelFilter(params),
          notLabels: labelList(params, 'not[labels]'),
        },
        orderBy: params.oneOf('order_by', ['created_at', 'updated_at', 'title'] as const) ?? 'created_at',
        sort: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc',
        page: readPage(params),
      });
      return sendPage(request, reply, base, issues, presenter(view, { withLabelsDetails: params.boolean('with_labels_details') }));
    });

    app.get('/projects/:id/issues/:iid', { config: { auth: 'optional', ability: 'read_api' } }, async (request) => {
      const { issue, view } = await getProjectIssue(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, 'iid', 'Issue'),
      });
      return presenter(view)(issue);
    });

    app.post('/projects/:id/issues', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const { issue, view } = await createIssue(deps, request.principal, {
        project: projectRef(request),
        title: params.string('title', { required: true, max: 255 }),
        description: params.string('description') ?? null,
        labels: labelList(params, 'labels'),
      });
      reply.code(201);
      return presenter(view)(issue);
    });

    app.put('/projects/:id/issues/:iid', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      const { issue, view } = await updateIssue(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, 'iid', 'Issue'),
        title: params.string('title', { max: 255 }),
        description: params.nullableString('description'),
        stateEvent: params.oneOf('state_event', ['close', 'reopen'] as const),
        labels: {
          labels: labelList(params, 'labels'),
          addLabels: labelList(params, 'add_labels'),
          removeLabels: labelList(params, 'remove_labels'),
        },
      });
      return presenter(view)(issue);
    });
  };
}
