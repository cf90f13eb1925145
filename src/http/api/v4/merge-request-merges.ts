import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../deps.ts';
import { acceptMergeRequest } from '../../../services/merge-requests/accept-merge-request.ts';
import { approveMergeRequest } from '../../../services/merge-requests/approve-merge-request.ts';
import { readMergeRequestApprovals } from '../../../services/merge-requests/read-merge-request-approvals.ts';
import { rebaseMergeRequest } from '../../../services/merge-requests/rebase-merge-request.ts';
import { unapproveMergeRequest } from '../../../services/merge-requests/unapprove-merge-request.ts';
import { presentMergeRequestApprovals, presentMergeRequestApprovalState } from '../../presenters/merge-request-approvals.ts';
import { presentMergeRequest } from '../../presenters/merge-requests.ts';
import { idParam, paramsOf, projectRef } from './route-kit.ts';

/** The merge request a route names: its project and iid (a malformed iid is 404, as a missing one). */
const target = (request: FastifyRequest) => ({ project: projectRef(request), iid: idParam(request, 'merge_request_iid', 'Merge Request') });

/** A `sha` parameter: any string is compared with the source's head (a different one is GitLab's 409). */
const shaParam = (request: FastifyRequest): string | undefined => paramsOf(request).string('sha', { max: 255 });

/** Accepting, rebasing and approving merge requests (`read_api` reads approvals, `api` acts). */
export function mergeRequestMergeRoutes(deps: Deps) {
  const base = deps.config.externalUrl;
  return async (app: FastifyInstance): Promise<void> => {
    app.put('/projects/:id/merge_requests/:merge_request_iid/merge', { config: { ability: 'write_api' } }, async (request) => {
      const params = paramsOf(request);
      // Latchkey runs no pipelines: merging "when the pipeline succeeds" is merging now.
      params.boolean('merge_when_pipeline_succeeds');
      params.boolean('auto_merge');
      const shown = await acceptMergeRequest(deps, request.principal, {
        ...target(request),
        sha: shaParam(request),
        squash: params.boolean('squash'),
        mergeCommitMessage: params.string('merge_commit_message', { max: 100_000 }),
        squashCommitMessage: params.string('squash_commit_message', { max: 100_000 }),
        shouldRemoveSourceBranch: params.boolean('should_remove_source_branch'),
      });
      return presentMergeRequest(shown, base);
    });

    app.put('/projects/:id/merge_requests/:merge_request_iid/rebase', { config: { ability: 'write_api' } }, async (request, reply) => {
      paramsOf(request).boolean('skip_ci');
      await rebaseMergeRequest(deps, request.principal, target(request));
      // GitLab rebases in the background and answers 202 at once; Latchkey has finished by now.
      reply.code(202);
      return { rebase_in_progress: true };
    });

    app.get('/projects/:id/merge_requests/:merge_request_iid/approvals', { config: { ability: 'read_api' } }, async (request) =>
      presentMergeRequestApprovals(await readMergeRequestApprovals(deps, request.principal, target(request)), base),
    );

    app.get('/projects/:id/merge_requests/:merge_request_iid/approval_state', { config: { ability: 'read_api' } }, async (request) => {
      await readMergeRequestApprovals(deps, request.principal, target(request));
      return presentMergeRequestApprovalState();
    });

    app.post('/projects/:id/merge_requests/:merge_request_iid/approve', { config: { ability: 'write_api' } }, async (request, reply) => {
      const view = await approveMergeRequest(deps, request.principal, { ...target(request), sha: shaParam(request) });
      reply.code(201);
      return presentMergeRequestApprovals(view, base);
    });

    app.post('/projects/:id/merge_requests/:merge_request_iid/unapprove', { config: { ability: 'write_api' } }, async (request, reply) => {
      const view = await unapproveMergeRequest(deps, request.principal, target(request));
      reply.code(201);
      return presentMergeRequestApprovals(view, base);
    });
  };
}
