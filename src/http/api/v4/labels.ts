import type { FastifyInstance } from 'fastify';
import { invalidParam } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import { createLabel } from '../../../services/labels/create-label.ts';
import { deleteLabel } from '../../../services/labels/delete-label.ts';
import { getProjectLabel, listProjectLabels } from '../../../services/labels/read-labels.ts';
import { updateLabel } from '../../../services/labels/update-label.ts';
import type { Params } from '../../params.ts';
import { readPage } from '../../pagination.ts';
import { presentProjectLabel } from '../../presenters/labels.ts';
import { paramsOf, pathParam, projectRef, sendPage } from './route-kit.ts';

const UPDATABLE = ['new_name', 'color', 'description', 'priority'];

/** `priority`: absent is undefined; present but empty or null is null (no priority). */
function priorityOf(params: Params): number | null | undefined {
  if (!params.has('priority')) return undefined;
  return params.integer('priority') ?? null;
}

/** Project labels (GitLab's labels API). Every route needs a signed-in caller, as GitLab's does. */
export function labelRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/labels', { config: { ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      params.boolean('include_ancestor_groups'); // accepted; a project has no group labels here
      const withCounts = params.boolean('with_counts') ?? false;
      const { labels, counts } = await listProjectLabels(deps, request.principal, {
        project: projectRef(request),
        search: params.string('search', { max: 255 }),
        withCounts,
        page: readPage(params),
      });
      return sendPage(request, reply, base, labels, (label) => presentProjectLabel(label, counts?.get(label.id)));
    });

    app.get('/projects/:id/labels/:label_id', { config: { ability: 'read_api' } }, async (request) => {
      const label = await getProjectLabel(deps, request.principal, { project: projectRef(request), label: pathParam(request, 'label_id') });
      return presentProjectLabel(label);
    });

    app.post('/projects/:id/labels', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const label = await createLabel(deps, request.principal, {
        project: projectRef(request),
        name: params.string('name', { required: true }),
        color: params.string('color', { required: true, max: 255 }),
        description: params.string('description') ?? null,
        priority: priorityOf(params) ?? null,
      });
      reply.code(201);
      return presentProjectLabel(label);
    });

    app.put('/projects/:id/labels/:label_id', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      if (!UPDATABLE.some((name) => params.has(name))) {
        throw invalidParam(`${UPDATABLE.join(', ')} are missing, at least one parameter must be provided`);
      }
      const label = await updateLabel(deps, request.principal, {
        project: projectRef(request),
        label: pathParam(request, 'label_id'),
        newName: params.string('new_name'),
        color: params.string('color', { max: 255 }),
        description: params.nullableString('description'),
        priority: priorityOf(params),
      });
      return presentProjectLabel(label);
    });

    app.delete('/projects/:id/labels/:label_id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteLabel(deps, request.principal, { project: projectRef(request), label: pathParam(request, 'label_id') });
      reply.code(204);
    });
  };
}
