import type { Principal } from '../../domain/principal.ts';
import { notesOfMergeRequest } from '../../db/repositories/merge-request-notes.ts';
import { latestPipelineFor, listCommitStatuses } from '../../db/repositories/pipelines.ts';
import { findProtectionRules } from '../../db/repositories/protected-refs.ts';
import { findUsersByIds } from '../../db/repositories/users.ts';
import type { CommitStatusRow, MergeRequestNoteRow, PipelineRow, UserRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { resolveCommit } from '../../git/blobs.ts';
import { codeAccess } from '../../policies/code-policies.ts';
import { canMergeToBranch } from '../../policies/merge-request-merge-policies.ts';
import { canCommentOnMergeRequest, canUpdateMergeRequest } from '../../policies/merge-request-policies.ts';
import { mergeReadiness, type MergeReadiness } from '../../policies/merge-request-readiness.ts';
import type { ProjectContext, ProjectRef } from '../projects/project-context.ts';
import { findMergeRequestInProject } from './merge-request-context.ts';
import { approvalsView, type ApprovalsView } from './read-merge-request-approvals.ts';
import { loadMergeRequestShown, type MergeRequestShown } from './show-merge-request.ts';

/** The most jobs of the head's pipelines the page lists. */
const MAX_STATUSES = 100;

/** What the viewer may do with the merge request, each as the service behind its button decides. */
export interface MergeRequestActions {
  merge: boolean;
  close: boolean;
  reopen: boolean;
  approve: boolean;
  unapprove: boolean;
  comment: boolean;
}

export interface MergeRequestPage {
  context: ProjectContext;
  shown: MergeRequestShown;
  readiness: MergeReadiness;
  approvals: ApprovalsView;
  pipeline: PipelineRow | null;
  /** The latest job of each name in the head's pipelines on the source branch. */
  statuses: CommitStatusRow[];
  notes: MergeRequestNoteRow[];
  /** Authors of notes and of jobs, by id. */
  people: Map<number, UserRow>;
  actions: MergeRequestActions;
}

/**
 * One merge request as its web page shows it: the merge request (whoever may read it), its merge
 * readiness, approvals, the head's pipeline and jobs, its notes, and which buttons the viewer gets.
 */
export async function readMergeRequestPage(deps: Deps, actor: Principal, input: { project: ProjectRef; iid: number }): Promise<MergeRequestPage> {
  const found = await findMergeRequestInProject(deps, actor, input.project, input.iid, 'read');
  const { context, repositoryDir, mergeRequest: mr } = found;
  const projectId = context.project.id;
  const canPush = codeAccess(actor, context.facts).push;
  const [shown, approvals, sourceHead, rules, notes] = await Promise.all([
    loadMergeRequestShown(deps, actor, found, {}),
    approvalsView(deps, actor, { mergeRequest: mr, canPush }),
    resolveCommit(repositoryDir, `refs/heads/${mr.source_branch}`),
    findProtectionRules(deps.db, projectId),
    notesOfMergeRequest(deps.db, mr.id),
  ]);
  const pipeline = mr.head_sha === null ? undefined : await latestPipelineFor(deps.db, projectId, mr.head_sha, mr.source_branch);
  const statuses =
    mr.head_sha === null
      ? []
      : (await listCommitStatuses(deps.db, projectId, mr.head_sha, { all: false, ref: mr.source_branch }, { by: 'id', direction: 'asc' }, { page: 1, perPage: MAX_STATUSES })).items;
  const authorIds = [...notes.map((note) => note.author_id), ...statuses.flatMap((status) => (status.author_id === null ? [] : [status.author_id]))];
  const people = await findUsersByIds(deps.db, [...new Set(authorIds)]);
  const readiness = mergeReadiness(mr, { sourceExists: sourceHead !== null, mergeMethod: context.project.merge_method });
  const pusher = { level: context.facts.level, isAdmin: context.facts.actor?.isAdmin ?? false };
  const mayUpdate = canUpdateMergeRequest(context.facts, mr.author_id);
  const actions: MergeRequestActions = {
    merge: readiness === 'ready' && shown.canMerge && canMergeToBranch(rules.branches, mr.target_branch, pusher),
    close: mayUpdate && (mr.state === 'opened' || mr.state === 'locked'),
    reopen: mayUpdate && mr.state === 'closed',
    approve: approvals.userCanApprove,
    unapprove: approvals.userHasApproved && canPush,
    comment: canCommentOnMergeRequest(context.facts),
  };
  return { context, shown, readiness, approvals, pipeline: pipeline ?? null, statuses, notes, people, actions };
}
