import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VISIBILITIES } from '../../../domain/visibility.ts';
import type { Paged } from '../../../db/pagination.ts';
import type { ProjectWithNamespace } from '../../../db/repositories/projects.ts';
import type { NamespaceRow } from '../../../db/schema.ts';
import type { Deps } from '../../../deps.ts';
import { ACCESS_LEVELS } from '../../../domain/access-levels.ts';
import type { Principal } from '../../../domain/principal.ts';
import { createGroup } from '../../../services/groups/create-group.ts';
import { deleteGroup } from '../../../services/groups/delete-group.ts';
import { groupFullNames, listGroupProjects, listSubgroups, listVisibleGroups, showGroup, type GroupListInput } from '../../../services/groups/read-groups.ts';
import { updateGroup } from '../../../services/groups/update-group.ts';
import { describeProjects } from '../../../services/projects/describe-projects.ts';
import type { Params } from '../../params.ts';
import { readPage } from '../../pagination.ts';
import { presentGroup } from '../../presenters/groups.ts';
import { presentProject } from '../../presenters/projects.ts';
import { paramsOf, pathParam, sendPage } from './route-kit.ts';
import { projectListFilters } from './project-list-params.ts';

const GROUP_ORDERS = ['name', 'path', 'id'] as const;
const PROJECT_ORDERS = ['id', 'name', 'path', 'created_at', 'last_activity_at'] as const;

/** `:id` of a group route: a number or the URL-encoded full path (decoded by the router, read by the service). */
export const groupRef = (request: FastifyRequest): string => pathParam(request, 'id');

function listInput(params: Params): GroupListInput {
  return {
    search: params.string('search', { max: 255 }),
    owned: params.boolean('owned'),
    topLevelOnly: params.boolean('top_level_only'),
    allAvailable: params.boolean('all_available'),
    minAccessLevel: params.oneOf('min_access_level', ACCESS_LEVELS),
    orderBy: params.oneOf('order_by', GROUP_ORDERS) ?? 'name',
    sort: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'asc',
    page: readPage(params),
  };
}

function groupFields(params: Params) {
  return {
    name: params.string('name', { max: 255 }),
    path: params.string('path', { max: 255 }),
    description: params.nullableString('description', 2000),
    visibility: params.oneOf('visibility', VISIBILITIES),
  };
}

export function groupRoutes(deps: Deps) {
  const { config } = deps;
  const base = config.externalUrl;
  const present = async (group: NamespaceRow) => presentGroup(group, base, (await groupFullNames(deps, [group])).get(group.id)!);
  const sendGroups = async (request: FastifyRequest, reply: FastifyReply, page: Paged<NamespaceRow>) => {
    const names = await groupFullNames(deps, page.items);
    return sendPage(request, reply, base, page, (group) => presentGroup(group, base, names.get(group.id)!));
  };
  const presentProjects = async (projects: ProjectWithNamespace[]) => {
    const details = await describeProjects(deps, { projects });
    return projects.map((found) => presentProject(config, found, details.get(found.project.id)!));
  };

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/groups', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      return sendGroups(request, reply, await listVisibleGroups(deps, request.principal, listInput(paramsOf(request))));
    });

    app.post('/groups', { config: { ability: 'write_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const name = params.string('name', { required: true, max: 255 });
      const path = params.string('path', { required: true, max: 255 });
      const fields = groupFields(params);
      const group = await createGroup(deps, request.principal, {
        name,
        path,
        description: fields.description,
        visibility: fields.visibility,
        parentId: params.integer('parent_id', { min: 1 }),
      });
      reply.code(201);
      return present(group);
    });

    /** GitLab's GroupDetail: with its own projects (as the caller sees them) unless `with_projects=false`, which leaves both lists out. */
    const presentDetail = async (principal: Principal, group: NamespaceRow, withProjects: boolean) => {
      if (!withProjects) return present(group);
      const { items } = await listGroupProjects(deps, principal, {
        group: group.id,
        includeSubgroups: false,
        orderBy: 'created_at',
        sort: 'desc',
        page: { page: 1, perPage: 100 },
      });
      return { ...(await present(group)), projects: await presentProjects(items), shared_projects: [] };
    };

    app.get('/groups/:id', { config: { auth: 'optional', ability: 'read_api' } }, async (request) => {
      const { group } = await showGroup(deps, request.principal, { group: groupRef(request) });
      return presentDetail(request.principal, group, paramsOf(request).boolean('with_projects') ?? true);
    });

    // GitLab answers an update with the group's details and projects, as GET does.
    app.put('/groups/:id', { config: { ability: 'write_api' } }, async (request) => {
      const group = await updateGroup(deps, request.principal, { group: groupRef(request), changes: groupFields(paramsOf(request)) });
      return presentDetail(request.principal, group, true);
    });

    app.delete('/groups/:id', { config: { ability: 'write_api' } }, async (request, reply) => {
      await deleteGroup(deps, request.principal, { group: groupRef(request) });
      reply.code(202);
      return { message: '202 Accepted' };
    });

    const subgroups = (descendants: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
      const page = await listSubgroups(deps, request.principal, { ...listInput(paramsOf(request)), group: groupRef(request), descendants });
      return sendGroups(request, reply, page);
    };
    app.get('/groups/:id/subgroups', { config: { auth: 'optional', ability: 'read_api' } }, subgroups(false));
    app.get('/groups/:id/descendant_groups', { config: { auth: 'optional', ability: 'read_api' } }, subgroups(true));

    app.get('/groups/:id/projects', { config: { auth: 'optional', ability: 'read_api' } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listGroupProjects(deps, request.principal, {
        group: groupRef(request),
        includeSubgroups: params.boolean('include_subgroups') ?? false,
        search: params.string('search', { max: 255 }),
        visibility: params.oneOf('visibility', VISIBILITIES),
        owned: params.boolean('owned'),
        ...projectListFilters(params),
        orderBy: params.oneOf('order_by', PROJECT_ORDERS) ?? 'created_at',
        sort: params.oneOf('sort', ['asc', 'desc'] as const) ?? 'desc',
        page: readPage(params),
      });
      const details = await describeProjects(deps, { projects: page.items });
      return sendPage(request, reply, base, page, (found) => presentProject(config, found, details.get(found.project.id)!));
    });
  };
}
