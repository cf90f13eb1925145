import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { latestPipelineFor } from '../../db/repositories/pipelines.ts';
import type { MergeRequestRow, MergeRequestState, PipelineRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectContext, ProjectRef } from '../projects/project-context.ts';
import { findMergeRequestProject } from './merge-request-context.ts';
import type { MergeRequestView } from './merge-request-view.ts';
import { listProjectMergeRequests } from './read-merge-requests.ts';

/** The state tabs of a project's merge request list, as GitLab's page has them. */
export const MERGE_REQUEST_TABS = ['opened', 'merged', 'closed', 'all'] as const;
export type MergeRequestTab = (typeof MERGE_REQUEST_TABS)[number];

export interface MergeRequestBrowse {
  context: ProjectContext;
  mergeRequests: Paged<MergeRequestRow>;
  view: MergeRequestView;
  /** How many merge requests each tab holds. */
  counts: Record<MergeRequestTab, number>;
  /** The newest pipeline of each listed merge request's source head, by merge request id. */
  pipelines: Map<number, PipelineRow>;
}

const stateOf = (tab: MergeRequestTab): MergeRequestState | undefined => (tab === 'all' ? undefined : tab);

/**
 * A project's merge request page: one tab of them (newest updated first), the count of every tab
 * and the pipeline of each one's head. Whoever may read the project's merge requests (the API's rule).
 */
export async function browseMergeRequests(deps: Deps, actor: Principal, input: { project: ProjectRef; tab: MergeRequestTab; page: Page }): Promise<MergeRequestBrowse> {
  const { context } = await findMergeRequestProject(deps, actor, input.project);
  const order = { by: 'updated_at', direction: 'desc' } as const;
  const list = (tab: MergeRequestTab, page: Page) => listProjectMergeRequests(deps, actor, { project: input.project, query: { state: stateOf(tab) }, order, page });
  const { mergeRequests, view } = await list(input.tab, input.page);
  const counts = {} as Record<MergeRequestTab, number>;
  for (const tab of MERGE_REQUEST_TABS) counts[tab] = tab === input.tab ? mergeRequests.total : (await list(tab, { page: 1, perPage: 1 })).mergeRequests.total;
  const pipelines = new Map<number, PipelineRow>();
  for (const mr of mergeRequests.items) {
    const pipeline = mr.head_sha === null ? undefined : await latestPipelineFor(deps.db, context.project.id, mr.head_sha, mr.source_branch);
    if (pipeline) pipelines.set(mr.id, pipeline);
  }
  return { context, mergeRequests, view, counts, pipelines };
}
