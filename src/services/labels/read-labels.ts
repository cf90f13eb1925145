import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { countIssuesByLabel, listLabels, type LabelIssueCounts } from '../../db/repositories/labels.ts';
import type { LabelRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { findProjectLabel } from './find-label.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

export async function listProjectLabels(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; search?: string; withCounts: boolean; page: Page },
): Promise<{ labels: Paged<LabelRow>; counts: Map<number, LabelIssueCounts> | null }> {
  const context = await findVisibleProject(deps, actor, input.project);
  const labels = await listLabels(deps.db, context.project.id, input.search, input.page);
  const counts = input.withCounts ? await countIssuesByLabel(deps.db, labels.items.map((label) => label.id)) : null;
  return { labels, counts };
}

export async function getProjectLabel(deps: Deps, actor: Principal, input: { project: ProjectRef; label: string }): Promise<LabelRow> {
  const context = await findVisibleProject(deps, actor, input.project);
  return findProjectLabel(deps, context.project.id, input.label);
}
