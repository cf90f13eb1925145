import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { notFound } from '../../../domain/errors.ts';
import { parseId } from '../../../domain/ids.ts';
import { isVisibility, type Visibility } from '../../../domain/visibility.ts';
import { canCreateProjectIn, canCreateSubgroup } from '../../../policies/group-policies.ts';
import { createGroup } from '../../../services/groups/create-group.ts';
import { findVisibleGroup, GROUP_NOT_FOUND, type GroupContext } from '../../../services/groups/group-context.ts';
import { groupFullNames, listGroupProjects, listSubgroups, listVisibleGroups } from '../../../services/groups/read-groups.ts';
import { signInRedirect } from '../error-handler.tsx';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { field, formBody, optionalField, pageNumber } from '../form.ts';
import { groupPath, groupRouteOf } from '../group-paths.ts';
import { noticeOf } from '../notices.ts';
import { DashboardGroupsPage } from '../pages/dashboard-groups.tsx';
import { GroupPage } from '../pages/group.tsx';
import { NewGroupPage, type NewGroupValues, type ParentOption } from '../pages/new-group.tsx';
import { redirectAfterPost, sendPage } from '../render.ts';
import { principalOf, signedIn, viewOf } from '../web-context.ts';
import { groupTokenPages } from './group-access-tokens.tsx';
import { groupMemberPages } from './group-members.tsx';
import type { GroupPageRoute } from './group-pages.ts';

const PUBLIC = { config: { auth: 'optional' as const } };

/** A group's overview, as the viewer may see it (the API's visibility rule: hidden is 404, signed out goes to sign in). */
export async function sendGroupOverview(deps: Deps, request: FastifyRequest, reply: FastifyReply, context: GroupContext): Promise<FastifyReply> {
  const principal = principalOf(request);
  const list = { orderBy: 'name' as const, sort: 'asc' as const, page: { page: 1, perPage: 100 } };
  const data = {
    subgroups: await listSubgroups(deps, principal, { ...list, group: context.group.id, descendants: false }),
    projects: await listGroupProjects(deps, principal, { ...list, group: context.group.id, includeSubgroups: false }),
    mayCreateSubgroup: canCreateSubgroup(context.facts),
    mayCreateProject: canCreateProjectIn(context.facts),
    notice: noticeOf(request.query),
  };
  return sendPage(reply, <GroupPage view={viewOf(request)} context={context} data={data} />);
}

/** The groups a user may create a subgroup in, for the new group form's parent list. */
async function parentOptions(deps: Deps, request: FastifyRequest): Promise<ParentOption[]> {
  const { principal } = signedIn(request);
  const groups = await listVisibleGroups(deps, principal, { orderBy: 'path', sort: 'asc', page: { page: 1, perPage: 100 } });
  const options: ParentOption[] = [];
  for (const group of groups.items) {
    const context = await findVisibleGroup(deps, principal, group.id);
    if (canCreateSubgroup(context.facts)) options.push({ id: group.id, fullPath: group.path });
  }
  return options;
}

export function groupRoutes(deps: Deps) {
  const pages: GroupPageRoute[] = [
    { method: 'GET', page: /^$/, public: true, handle: (request, reply, context) => sendGroupOverview(deps, request, reply, context) },
    ...groupMemberPages(deps),
    ...groupTokenPages(deps),
  ];

  /** `/groups/<full path>[/-/<page>]`: the group as the viewer sees it, then the page's handler. */
  async function dispatch(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const { fullPath, page } = groupRouteOf((request.params as { '*': string })['*']);
    for (const route of pages) {
      const match = route.method === request.method || (route.method === 'GET' && request.method === 'HEAD') ? route.page.exec(page) : null;
      if (!match) continue;
      if (!route.public && request.web.session === null) return signInRedirect(request, reply);
      const ids = match.slice(1).map((text) => parseId(text));
      if (ids.includes(null)) throw notFound(GROUP_NOT_FOUND);
      const context = await findVisibleGroup(deps, principalOf(request), /^\d+$/.test(fullPath) ? '' : fullPath);
      return route.handle(request, reply, context, ids as number[]);
    }
    throw notFound(GROUP_NOT_FOUND);
  }

  function newGroupPage(request: FastifyRequest, reply: FastifyReply, values: NewGroupValues, parents: ParentOption[], error: string | null, status = 200) {
    return sendPage(reply, <NewGroupPage view={viewOf(request)} values={values} parents={parents} error={error} />, status);
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/dashboard/groups', async (request, reply) => {
      const { principal } = signedIn(request);
      const groups = await listVisibleGroups(deps, principal, { orderBy: 'path', sort: 'asc', page: { page: pageNumber(request.query), perPage: 20 } });
      const fullNames = await groupFullNames(deps, groups.items);
      return sendPage(reply, <DashboardGroupsPage view={viewOf(request)} groups={groups} fullNames={fullNames} notice={noticeOf(request.query)} />);
    });

    app.get('/groups/new', async (request, reply) => {
      const parentId = (request.query as Record<string, unknown>).parent_id;
      const parents = await parentOptions(deps, request);
      const parent = parents.find((option) => String(option.id) === parentId);
      // Private first: allowed under any parent (a subgroup is never more visible than its parent).
      const values: NewGroupValues = { name: '', path: '', description: '', visibility: 'private', parentId: parent ? String(parent.id) : '' };
      return newGroupPage(request, reply, values, parents, null);
    });

    app.post('/groups', async (request, reply) => {
      const { principal } = signedIn(request);
      const body = formBody(request.body);
      const visibility = field(body, 'visibility');
      const values: NewGroupValues = {
        name: field(body, 'name'),
        path: field(body, 'path').trim(),
        description: field(body, 'description'),
        visibility: isVisibility(visibility) ? visibility : ('private' satisfies Visibility),
        parentId: field(body, 'parent_id').trim(),
      };
      const result = await tryForm(() => {
        const parentId = values.parentId === '' ? undefined : (parseId(values.parentId) ?? -1);
        return createGroup(deps, principal, {
          name: values.name,
          path: values.path,
          ...(parentId !== undefined && { parentId }),
          description: optionalField(body, 'description'),
          visibility: values.visibility,
        });
      });
      if (!result.ok) {
        return newGroupPage(request, reply, values, await parentOptions(deps, request), formErrorMessage(result.error), formErrorStatus(result.error));
      }
      return redirectAfterPost(reply, `${groupPath(result.value)}?notice=group_created`);
    });

    // GitLab's `/<group>` for a top-level group; `/<group>/<subgroup>` is answered by the project route when no project has that path.
    app.get('/:group', PUBLIC, async (request, reply) => {
      const path = (request.params as { group: string }).group;
      // A number is an id in the API; in a URL it is a path, as on GitLab.
      const context = await findVisibleGroup(deps, principalOf(request), /^\d+$/.test(path) ? '' : path);
      return sendGroupOverview(deps, request, reply, context);
    });
    app.get('/groups/*', PUBLIC, dispatch);
    app.post('/groups/*', dispatch);
  };
}
