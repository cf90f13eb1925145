import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createIssue } from '../../../services/create-issue.ts';
import type { IssueView } from '../../../services/issue-view.ts';
import { getProjectIssue, listProjectIssues } from '../../../services/read-issues.ts';
import { updateIssue } from '../../../services/update-issue.ts';
import type { IssueRow } from '../../../db/schema.ts';
import { readPage } from '../../pagination.ts';
import { presentIssue } from '../../presenters/issues.ts';
import { idParam, paramsOf, projectRef, sendPage } from './route-kit.ts';

export function issueRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  const presenter = ({ project, users, notesCount }: IssueView) => {
    const projectWebUrl = `${base}/${project.namespace.path}/${project.project.path}`;
    return (issue: IssueRow) => presentIssue(issue, users, { url: base, projectWebUrl }, notesCount.get(issue.id) ?? 0);
  };

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/issues', { config: { auth: 'optional' } }, async (request, reply) => {
      const params = paramsOf(request);
      const state = params.oneOf('state', ['opened', 'closed', 'all'] as const);
      const { issues, view } = await listProjectIssues(deps, request.principal, {
        project: projectRef(request),
        filter: {
          state: state === 'all' ? undefined : state,
          search: params.string('search', { max: 255 }),
          authorId: params.integer('author_id', { min: 1 }),
          iids: params.integerArray('iids'),
        },
        orderBy: params.oneOf('order_by', ['created_at', 'updated_at', 'title'] as const) ?? 'created_at',
        sort: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc',
        page: readPage(params),
      });
      return sendPage(request, reply, base, issues, presenter(view));
    });

    app.get('/projects/:id/issues/:iid', { config: { auth: 'optional' } }, async (request) => {
      const { issue, view } = await getProjectIssue(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, 'iid', 'Issue'),
      });
      return presenter(view)(issue);
    });

    app.post('/projects/:id/issues', async (request, reply) => {
      const params = paramsOf(request);
      const { issue, view } = await createIssue(deps, request.principal, {
        project: projectRef(request),
        title: params.string('title', { required: true, max: 255 }),
        description: params.string('description') ?? null,
      });
      reply.code(201);
      return presenter(view)(issue);
    });

    app.put('/projects/:id/issues/:iid', async (request) => {
      const params = paramsOf(request);
      const { issue, view } = await updateIssue(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, 'iid', 'Issue'),
        title: params.string('title', { max: 255 }),
        description: params.nullableString('description'),
        stateEvent: params.oneOf('state_event', ['close', 'reopen'] as const),
      });
      return presenter(view)(issue);
    });
  };
}
