import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { pageOfList } from '../../../db/pagination.ts';
import { readMergeRequestChanges } from '../../../services/merge-requests/read-merge-request-changes.ts';
import { readMergeRequestParticipants } from '../../../services/merge-requests/read-merge-request-participants.ts';
import { showMergeRequestChanges } from '../../../services/merge-requests/show-merge-request-changes.ts';
import { readPage } from '../../pagination.ts';
import { presentLoggedCommit } from '../../presenters/commits.ts';
import { presentMergeRequestDiff, rawDiffText } from '../../presenters/merge-request-diffs.ts';
import { presentMergeRequest } from '../../presenters/merge-requests.ts';
import { presentUserBasic } from '../../presenters/users.ts';
import { fullPathOf } from '../../../domain/project-ref.ts';
import { idParam, paramsOf, projectRef, sendPage } from './route-kit.ts';

const READ = { config: { auth: 'optional', ability: 'read_api' } } as const;

/**
 * A merge request's diffs, changes, commits, raw diff and participants: read as the merge request
 * is. The changes run from its merge base to its source head (GitLab's diff_refs); when those
 * commits are gone from the repository the lists are empty.
 */
export function mergeRequestDiffRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  const target = (request: Parameters<typeof projectRef>[0]) => ({ project: projectRef(request), iid: idParam(request, 'merge_request_iid', 'Merge Request') });

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/projects/:id/merge_requests/:merge_request_iid/diffs', READ, async (request, reply) => {
      const params = paramsOf(request);
      const unidiff = params.boolean('unidiff') ?? false;
      const { diff } = await readMergeRequestChanges(deps, request.principal, target(request));
      return sendPage(request, reply, base, pageOfList(diff?.files ?? [], readPage(params)), (file) => presentMergeRequestDiff(file, { unidiff }));
    });

    app.get('/projects/:id/merge_requests/:merge_request_iid/changes', READ, async (request) => {
      const params = paramsOf(request);
      const unidiff = params.boolean('unidiff') ?? false;
      params.boolean('access_raw_diffs');
      const { shown, changes } = await showMergeRequestChanges(deps, request.principal, target(request));
      return {
        ...presentMergeRequest(shown, base),
        changes: (changes.diff?.files ?? []).map((file) => presentMergeRequestDiff(file, { unidiff })),
        overflow: changes.diff?.overflow ?? false,
      };
    });

    app.get('/projects/:id/merge_requests/:merge_request_iid/commits', READ, async (request, reply) => {
      const params = paramsOf(request);
      const { commits, context } = await readMergeRequestChanges(deps, request.principal, target(request));
      const projectWebUrl = `${base}/${fullPathOf(context)}`;
      return sendPage(request, reply, base, pageOfList(commits, readPage(params)), (logged) => presentLoggedCommit(logged, projectWebUrl, { trailers: false }));
    });

    app.get('/projects/:id/merge_requests/:merge_request_iid/raw_diffs', READ, async (request, reply) => {
      const { diff } = await readMergeRequestChanges(deps, request.principal, target(request));
      reply.header('content-type', 'text/plain; charset=utf-8').header('x-content-type-options', 'nosniff');
      return rawDiffText(diff?.files ?? []);
    });

    // Paginated, as GitLab's (Kaminari.paginate_array): clients read X-Total and follow X-Next-Page.
    app.get('/projects/:id/merge_requests/:merge_request_iid/participants', READ, async (request, reply) => {
      const users = await readMergeRequestParticipants(deps, request.principal, target(request));
      return sendPage(request, reply, base, pageOfList(users, readPage(paramsOf(request))), (user) => presentUserBasic(user, base));
    });
  };
}
