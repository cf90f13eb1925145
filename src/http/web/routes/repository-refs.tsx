import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../../domain/principal.ts';
import type { Deps } from '../../../deps.ts';
import { codeAccess } from '../../../policies/code-policies.ts';
import { canDeleteBranch, canDeleteTag } from '../../../policies/ref-deletion-policies.ts';
import { findVisibleProject, type ProjectContext } from '../../../services/projects/project-context.ts';
import { deleteRepositoryBranch } from '../../../services/repository/delete-repository-branch.ts';
import { listRepositoryBranches } from '../../../services/repository/read-repository-branches.ts';
import { deleteTag } from '../../../services/tags/delete-tag.ts';
import { getRepositoryTag, listRepositoryTags } from '../../../services/tags/read-tags.ts';
import { codeRoute } from '../code-pages.ts';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { field, formBody, pageNumber } from '../form.ts';
import { noticeOf } from '../notices.ts';
import { BranchesPage } from '../pages/branches-page.tsx';
import { TagPage } from '../pages/tag.tsx';
import { TagsPage } from '../pages/tags.tsx';
import { branchesPath, projectRefOf, tagsPath } from '../paths.ts';
import { redirectAfterPost, sendPage } from '../render.ts';
import { principalOf, signedIn, viewOf } from '../web-context.ts';

const PER_PAGE = 20;

/** `?search=`: GitLab's ref search (services decide what it matches); odd values are no search. */
export function searchOf(query: unknown): string {
  const value = (query as Record<string, unknown> | undefined)?.search;
  return typeof value === 'string' && value.length <= 255 && !value.includes('\0') ? value.trim() : '';
}

/** What the delete buttons need to know of the viewer: whether they may push, and as whom. */
function deletionFacts(principal: Principal, context: ProjectContext) {
  const { facts } = context;
  return { mayPush: codeAccess(principal, facts).push, pusher: { level: facts.level, isAdmin: facts.actor?.isAdmin ?? false } };
}

interface Outcome {
  error?: string;
  status?: number;
}

/** Branches and tags pages: the branches and tags APIs' services, their delete buttons where the API would delete. */
export function repositoryRefRoutes(deps: Deps) {
  const contextOf = (request: FastifyRequest) => findVisibleProject(deps, principalOf(request), projectRefOf(request.params));

  async function renderBranches(request: FastifyRequest, reply: FastifyReply, context: ProjectContext, outcome: Outcome) {
    const principal = principalOf(request);
    const search = searchOf(request.query);
    const branches = await listRepositoryBranches(deps, principal, {
      project: context.project.id,
      search: search || undefined,
      page: { page: pageNumber(request.query), perPage: PER_PAGE },
    });
    const viewer = deletionFacts(principal, context);
    const data = {
      branches,
      search,
      canDelete: (entry: (typeof branches.items)[number]) =>
        canDeleteBranch({ ...viewer, name: entry.branch.name, protected: entry.protected, isDefault: entry.isDefault }),
      error: outcome.error ?? null,
      notice: noticeOf(request.query),
    };
    return sendPage(reply, <BranchesPage view={viewOf(request)} context={context} data={data} />, outcome.status ?? 200);
  }

  async function renderTags(request: FastifyRequest, reply: FastifyReply, context: ProjectContext, outcome: Outcome) {
    const principal = principalOf(request);
    const search = searchOf(request.query);
    const tags = await listRepositoryTags(deps, principal, {
      project: context.project.id,
      orderBy: 'updated',
      sort: 'desc',
      search: search || undefined,
      page: { page: pageNumber(request.query), perPage: PER_PAGE },
    });
    const viewer = deletionFacts(principal, context);
    const data = {
      tags,
      search,
      canDelete: (entry: (typeof tags.items)[number]) => canDeleteTag({ ...viewer, name: entry.tag.name, protected: entry.protected }),
      error: outcome.error ?? null,
      notice: noticeOf(request.query),
    };
    return sendPage(reply, <TagsPage view={viewOf(request)} context={context} data={data} />, outcome.status ?? 200);
  }

  return async (app: FastifyInstance): Promise<void> => {
    const base = '/:namespace/:project/-';

    app.get(`${base}/branches`, { config: { auth: 'optional' } }, codeRoute(async (request, reply) => renderBranches(request, reply, await contextOf(request), {})));

    // The API's DELETE .../repository/branches/:branch, as a form: the same service decides (a Guest of a private project: 404, as the page).
    app.post(`${base}/branches/delete`, codeRoute(async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const branch = field(formBody(request.body), 'name');
      const result = await tryForm(() => deleteRepositoryBranch(deps, principal, { project: context.project.id, branch }));
      if (!result.ok) return renderBranches(request, reply, context, { error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${branchesPath(context)}?notice=branch_deleted`);
    }));

    app.get(`${base}/tags`, { config: { auth: 'optional' } }, codeRoute(async (request, reply) => renderTags(request, reply, await contextOf(request), {})));

    // A tag's name may hold slashes: the rest of the path is the name.
    app.get(`${base}/tags/*`, { config: { auth: 'optional' } }, codeRoute(async (request, reply) => {
      const principal = principalOf(request);
      const context = await contextOf(request);
      const tagName = (request.params as { '*': string })['*'];
      const entry = await getRepositoryTag(deps, principal, { project: context.project.id, tagName });
      const canDelete = canDeleteTag({ ...deletionFacts(principal, context), name: entry.tag.name, protected: entry.protected });
      return sendPage(reply, <TagPage view={viewOf(request)} context={context} entry={entry} canDelete={canDelete} />);
    }));

    // The API's DELETE .../repository/tags/:tag_name, as a form: the same service decides.
    app.post(`${base}/tags/delete`, codeRoute(async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const tagName = field(formBody(request.body), 'name');
      const result = await tryForm(() => deleteTag(deps, principal, { project: context.project.id, tagName }));
      if (!result.ok) return renderTags(request, reply, context, { error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${tagsPath(context)}?notice=tag_deleted`);
    }));
  };
}
