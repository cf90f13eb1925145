import { queueMergeRequestHook, readMergeRequestLinks } from '../webhooks/merge-request-hook-payload.ts';
import { subscribedHooks } from '../webhooks/queue-hook-event.ts';
import { fieldErrors, rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { recordMergeRequestEvent } from './record-merge-request-event.ts';
import { updateMergeRequestRow } from '../../db/repositories/merge-requests.ts';
import type { MergeRequestRow, MergeRequestsTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canAdministerMergeRequest } from '../../policies/merge-request-policies.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { applyMergeRequestLinks, asksForLinks, eligibleUserIds, type MergeRequestLinks } from './apply-merge-request-links.ts';
import { isValidRefName } from '../../git/ref-name.ts';
import { checkMergeRequestBranches } from './branch-checks.ts';
import { findMergeRequestInProject } from './merge-request-context.ts';
import { mergeRequestTextErrors } from './merge-request-rules.ts';
import { computeMergeState } from './refresh-merge-request.ts';
import { loadMergeRequestShown, type MergeRequestShown } from './show-merge-request.ts';
import type { Updateable } from 'kysely';

export interface UpdateMergeRequestInput {
  project: ProjectRef;
  iid: number;
  title?: string;
  description?: string | null;
  targetBranch?: string;
  stateEvent?: 'close' | 'reopen';
  links: MergeRequestLinks;
  removeSourceBranch?: boolean;
  squash?: boolean;
  discussionLocked?: boolean;
}

/**
 * PUT /projects/:id/merge_requests/:iid: Developers edit any merge request, authors their own.
 * A new target branch recomputes the merge state; `state_event` closes or reopens (events
 * `closed` / `reopened`); reopening needs the source branch and no other open merge request for
 * the same branches. A merged merge request keeps its state.
 */
export async function updateMergeRequest(deps: Deps, actor: Principal, input: UpdateMergeRequestInput): Promise<MergeRequestShown> {
  const found = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'update');
  const { context, repositoryDir } = found;
  let mergeRequest = found.mergeRequest;
  const { user } = requireUser(actor);
  const errors = mergeRequestTextErrors(input.title, input.description);
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const projectId = context.project.id;
  const open = mergeRequest.state === 'opened' || mergeRequest.state === 'locked';
  const reopening = input.stateEvent === 'reopen' && mergeRequest.state === 'closed';
  // GitLab's state machine closes only an opened one: a locked one is being merged, and its merge must not land on a closed request.
  const closing = input.stateEvent === 'close' && mergeRequest.state === 'opened';
  const targetBranch = input.targetBranch ?? mergeRequest.target_branch;
  const retargeting = targetBranch !== mergeRequest.target_branch;
  if (retargeting && mergeRequest.state === 'merged') throw rejected(["Can't change target branch of a merged merge request"], 422);
  // GitLab's validate_branch_name, in every state: a closed merge request never stores a name git would read as a revision (`main~1`).
  if (retargeting && !isValidRefName(targetBranch)) throw fieldErrors({ target_branch: ['is invalid'] });
  if (((open && !closing) || reopening) && (retargeting || reopening)) {
    await checkMergeRequestBranches(deps.db, repositoryDir, { projectId, sourceBranch: mergeRequest.source_branch, targetBranch, ignoreId: mergeRequest.id });
  }
  const administer = canAdministerMergeRequest(context.facts);
  const links: MergeRequestLinks = administer
    ? {
        ...input.links,
        assigneeIds: input.links.assigneeIds && (await eligibleUserIds(deps, context, input.links.assigneeIds)),
        reviewerIds: input.links.reviewerIds && (await eligibleUserIds(deps, context, input.links.reviewerIds)),
      }
    : {};
  const now = deps.clock.now().toISOString();
  const changes: Updateable<MergeRequestsTable> = {};
  if (input.title !== undefined) changes.title = input.title;
  if (input.description !== undefined) changes.description = input.description;
  if (input.removeSourceBranch !== undefined) changes.force_remove_source_branch = input.removeSourceBranch ? 1 : 0;
  if (input.squash !== undefined) changes.squash = input.squash ? 1 : 0;
  if (input.discussionLocked !== undefined && administer) changes.discussion_locked = input.discussionLocked ? 1 : 0;
  if (retargeting) changes.target_branch = targetBranch;
  if (closing) Object.assign(changes, { state: 'closed', closed_by_id: user.id, closed_at: now });
  if (reopening) Object.assign(changes, { state: 'opened', closed_by_id: null, closed_at: null });
  if (retargeting || reopening) Object.assign(changes, await computeMergeState(repositoryDir, mergeRequest.source_branch, targetBranch));
  const event = closing ? 'closed' : reopening ? 'reopened' : null;
  if (Object.keys(changes).length > 0 || asksForLinks(links)) {
    const before = mergeRequest;
    mergeRequest = await deps.db.transaction().execute(async (trx): Promise<MergeRequestRow> => {
      // The hooks first: what the links were is read only when a hook will tell their change.
      const hooks = await subscribedHooks(trx, { projectId, trigger: 'merge_requests_events' });
      const linksBefore = hooks.length > 0 ? await readMergeRequestLinks(trx, before.id) : undefined;
      const row = await updateMergeRequestRow(trx, mergeRequest.id, { ...changes, updated_by_id: user.id, updated_at: now });
      await applyMergeRequestLinks(trx, projectId, row.id, links, now);
      if (event !== null) {
        await recordMergeRequestEvent(trx, user.id, event, row, now);
      }
      if (hooks.length > 0) {
        const action = closing ? 'close' : reopening ? 'reopen' : 'update';
        await queueMergeRequestHook(trx, deps, { actor: user, action, mergeRequest: row, before, ...(linksBefore && { linksBefore }) }, hooks);
      }
      return row;
    });
  }
  return loadMergeRequestShown(deps, actor, { context, repositoryDir, mergeRequest }, {});
}
