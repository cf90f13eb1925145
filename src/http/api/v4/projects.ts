import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createProject } from '../../../services/projects/create-project.ts';
import { createProjectWithReadme } from '../../../services/repository/create-project-with-readme.ts';
import { deleteProject } from '../../../services/projects/delete-project.ts';
import { describeProjects } from '../../../services/projects/describe-projects.ts';
import { listProjects } from '../../../services/projects/list-projects.ts';
import { findVisibleProject } from '../../../services/projects/project-context.ts';
import { transferProject } from '../../../services/projects/transfer-project.ts';
import { updateProject } from '../../../services/projects/update-project.ts';
import { readPage } from '../../pagination.ts';
import type { Params } from '../../params.ts';
import { presentProject } from '../../presenters/projects.ts';
import type { ProjectWithNamespace } from '../../../db/repositories/projects.ts';
import { paramsOf, projectRef, sendPage } from './route-kit.ts';
import { projectListFilters } from './project-list-params.ts';
import { VISIBILITIES } from '../../../domain/visibility.ts';
import { MERGE_METHODS, SQUASH_OPTIONS } from '../../../domain/merge-settings.ts';

const ORDERS = ['id', 'name', 'path', 'created_at', 'last_activity_at'] as const;

function projectFields(params: Params) {
  return {
    name: params.string('name', { max: 255 }),
    path: params.string('path', { max: 255 }),
    description: params.nullableString('description', 2000),
    visibility: params.oneOf('visibility', VISIBILITIES),
    defaultBranch: params.string('default_branch', { max: 255 }),
  };
}

/** How merge requests are merged and squashed (PUT only; validated against GitLab's values). */
const mergeSettings = (params: Params) => ({
  mergeMethod: params.oneOf('merge_method', MERGE_METHODS),
  squashOption: params.oneOf('squash_option', SQUASH_OPTIONS),
});

export function projectRoutes(deps: Deps) {
  const { config } = deps;
  /** The entity of one project, with what its row does not hold (owner, open issues, empty repository). */
  const present = async (found: ProjectWithNamespace, permissions?: { access_level: number | null }) => {
    const details = await describeProjects(deps, { projects: [found] });
    return presentProject(config, found, details.get(found.project.id)!, permissions);
  };

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listProjects(deps, request.principal, {
        membership: params.boolean('membership'),
        ...projectListFilters(params),
        owned: params.boolean('owned'),
        search: params.string('search', { max: 255 }),
        visibility: params.oneOf('visibility', VISIBILITIES),
        orderBy: params.oneOf('order_by', ORDERS) ?? 'created_at',
        sort: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc',
        page: readPage(params),
      });
      const details = await describeProjects(deps, { projects: page.items });
      return sendPage(request, reply, config.externalUrl, page, (found) => presentProject(config, found, details.get(found.project.id)!));
    });

    app.get('/projects/:id', { config: { auth: 'optional', ability: 'read_api' } }, async (request) => {
      const context = await findVisibleProject(deps, request.principal, projectRef(request));
      return present(context, { access_level: context.membership?.access_level ?? null });
    });

    app.post('/projects', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const fields = projectFields(params);
      if (fields.name === undefined && fields.path === undefined) params.string('name', { required: true });
      const input = { ...fields, namespaceId: params.integer('namespace_id', { min: 1 }) };
      const project = params.boolean('initialize_with_readme')
        ? await createProjectWithReadme(deps, request.principal, input)
        : await createProject(deps, request.principal, input);
      reply.code(201);
      return present(project);
    });

    app.put('/projects/:id/transfer', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      const project = await transferProject(deps, request.principal, {
        project: projectRef(request),
        namespace: params.string('namespace', { required: true, max: 2048 }),
      });
      return present(project);
    });

    app.put('/projects/:id', { config: { ability: 'write_api' } }, async (request) => {
      const project = await updateProject(deps, request.principal, {
        project: projectRef(request),
        changes: { ...projectFields(paramsOf(request)), ...mergeSettings(paramsOf(request)) },
      });
      return present(project);
    });

    app.delete('/projects/:id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteProject(deps, request.principal, { project: projectRef(request) });
      reply.code(202);
      return { message: '202 Accepted' };
    });
  };
}
