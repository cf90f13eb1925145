import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { readMergeRequestChanges, type MergeRequestChanges } from './read-merge-request-changes.ts';
import { loadMergeRequestShown, type MergeRequestShown } from './show-merge-request.ts';

/** GET .../merge_requests/:merge_request_iid/changes: the merge request as GET shows it, with its changes. */
export async function showMergeRequestChanges(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; iid: number },
): Promise<{ shown: MergeRequestShown; changes: MergeRequestChanges }> {
  const changes = await readMergeRequestChanges(deps, actor, input);
  return { shown: await loadMergeRequestShown(deps, actor, changes, {}), changes };
}
