import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { createProject } from '../../../services/projects/create-project.ts';
import { createProjectWithReadme } from '../../../services/repository/create-project-with-readme.ts';
import { listProjects } from '../../../services/projects/list-projects.ts';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { field, formBody, optionalField, pageNumber } from '../form.ts';
import { noticeOf } from '../notices.ts';
import { DashboardPage } from '../pages/dashboard.tsx';
import { NewProjectPage, type NewProjectValues } from '../pages/new-project.tsx';
import { projectPath } from '../paths.ts';
import { redirectAfterPost, sendPage } from '../render.ts';
import { signedIn, viewOf } from '../web-context.ts';
import { isVisibility } from '../../../domain/visibility.ts';
import { parseId } from '../../../domain/ids.ts';
import { findVisibleGroup } from '../../../services/groups/group-context.ts';

export function dashboardRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/', async (request, reply) => {
      const { principal } = signedIn(request);
      const projects = await listProjects(deps, principal, {
        membership: true,
        orderBy: 'last_activity_at',
        sort: 'desc',
        page: { page: pageNumber(request.query), perPage: 20 },
      });
      return sendPage(reply, <DashboardPage view={viewOf(request)} projects={projects} notice={noticeOf(request.query)} />);
    });

    app.get('/projects/new', async (request, reply) => {
      const { principal } = signedIn(request);
      // `?namespace_id=` of a group (the group page's New project link); the service decides on the post.
      const groupId = parseId(String((request.query as Record<string, unknown>).namespace_id ?? ''));
      const group = groupId === null ? null : await findVisibleGroup(deps, principal, groupId).catch(() => null);
      const namespace = group && { id: group.group.id, fullPath: group.group.path };
      // GitLab's form starts with "Initialize repository with a README" checked.
      const values: NewProjectValues = { name: '', path: '', description: '', visibility: 'private', namespace, readme: true };
      return sendPage(reply, <NewProjectPage view={viewOf(request)} values={values} error={null} />);
    });

    app.post('/projects', async (request, reply) => {
      const { principal } = signedIn(request);
      const body = formBody(request.body);
      const visibility = field(body, 'visibility');
      const values: NewProjectValues = {
        name: field(body, 'name'),
        path: field(body, 'path').trim(),
        description: field(body, 'description'),
        visibility: isVisibility(visibility) ? visibility : 'private',
        namespace: null,
        // A checkbox: sent when checked, absent when not.
        readme: field(body, 'initialize_with_readme') !== '',
      };
      const namespaceId = parseId(field(body, 'namespace_id'));
      const group = namespaceId === null ? null : await findVisibleGroup(deps, principal, namespaceId).catch(() => null);
      if (group) values.namespace = { id: group.group.id, fullPath: group.group.path };
      const input = {
        name: values.name,
        ...(values.path !== '' && { path: values.path }),
        ...(namespaceId !== null && { namespaceId }),
        description: optionalField(body, 'description'),
        visibility: values.visibility,
      };
      const result = await tryForm(() => (values.readme ? createProjectWithReadme(deps, principal, input) : createProject(deps, principal, input)));
      if (!result.ok) {
        return sendPage(reply, <NewProjectPage view={viewOf(request)} values={values} error={formErrorMessage(result.error)} />, formErrorStatus(result.error));
      }
      return redirectAfterPost(reply, `${projectPath(result.value)}?notice=project_created`);
    });
  };
}
