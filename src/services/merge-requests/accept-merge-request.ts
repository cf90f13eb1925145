import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { mergeFoundMergeRequest, type MergeInput } from './merge-merge-request.ts';
import { findMergingContext } from './merging-context.ts';
import { loadMergeRequestShown, type MergeRequestShown } from './show-merge-request.ts';

/** PUT /projects/:id/merge_requests/:iid/merge: merges (see mergeMergeRequest) and shows the merged request as GitLab's MergeRequest entity. */
export async function acceptMergeRequest(deps: Deps, actor: Principal, input: MergeInput): Promise<MergeRequestShown> {
  const found = await findMergingContext(deps, actor, input);
  const merged = await mergeFoundMergeRequest(deps, actor, found, input);
  return loadMergeRequestShown(deps, actor, { ...found, mergeRequest: merged }, {});
}
