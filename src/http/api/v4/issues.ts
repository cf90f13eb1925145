import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { findUsersByIds } from '../../../db/repositories/users.ts';
import { countNotesByIssue } from '../../../db/repositories/issues.ts';
import type { IssueRow } from '../../../db/schema.ts';
import { createIssue } from '../../../services/create-issue.ts';
import { findVisibleProject } from '../../../services/project-context.ts';
import { getProjectIssue, listProjectIssues } from '../../../services/read-issues.ts';
import { updateIssue } from '../../../services/update-issue.ts';
import { readPage } from '../../pagination.ts';
import { presentIssue } from '../../presenters/issues.ts';
import { idParam, paramsOf, projectRef, sendPage } from './route-kit.ts';

export function issueRoutes(deps: Deps) {
  const base = deps.config.externalUrl;

  /** Authors and comment counts of a batch of issues, loaded once for the presenter. */
  async function presenterFor(issues: IssueRow[], projectWebUrl: string) {
    const users = await findUsersByIds(deps.db, issues.flatMap((i) => [i.author_id, ...(i.closed_by_id ? [i.closed_by_id] : [])]));
    const counts = await countNotesByIssue(deps.db, issues.map((i) => i.id));
    return (issue: IssueRow) => presentIssue(issue, users, { url: base, projectWebUrl }, counts.get(issue.id) ?? 0);
  }
  const webUrlOf = async (request: FastifyRequest) => {
    const context = await findVisibleProject(deps, request.principal, projectRef(request));
    return `${base}/${context.namespace.path}/${context.project.path}`;
  };

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/issues', { config: { auth: 'optional' } }, async (request, reply) => {
      const params = paramsOf(request);
      const state = params.oneOf('state', ['opened', 'closed', 'all'] as const);
      const page = await listProjectIssues(deps, request.principal, {
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
      const present = await presenterFor(page.items, await webUrlOf(request));
      return sendPage(request, reply, base, page, present);
    });

    app.get('/projects/:id/issues/:iid', { config: { auth: 'optional' } }, async (request) => {
      const issue = await getProjectIssue(deps, request.principal, { project: projectRef(request), iid: idParam(request, 'iid', 'Issue') });
      return (await presenterFor([issue], await webUrlOf(request)))(issue);
    });

    app.post('/projects/:id/issues', async (request, reply) => {
      const params = paramsOf(request);
      const issue = await createIssue(deps, request.principal, {
        project: projectRef(request),
        title: params.string('title', { required: true, max: 255 }),
        description: params.string('description') ?? null,
      });
      reply.code(201);
      return (await presenterFor([issue], await webUrlOf(request)))(issue);
    });

    app.put('/projects/:id/issues/:iid', async (request) => {
      const params = paramsOf(request);
      const issue = await updateIssue(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, 'iid', 'Issue'),
        title: params.string('title', { max: 255 }),
        description: params.nullableString('description'),
        stateEvent: params.oneOf('state_event', ['close', 'reopen'] as const),
      });
      return (await presenterFor([issue], await webUrlOf(request)))(issue);
    });
  };
}
