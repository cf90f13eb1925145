import type { Db } from '../../db/database.ts';
import { findLabelsByNames, insertMissingLabels, labelsOfIssues, replaceIssueLabels } from '../../db/repositories/labels.ts';
import { DEFAULT_LABEL_COLOR } from '../../domain/label-color.ts';

/** What a create or update asks of an issue's labels, by name. */
export interface IssueLabelChanges {
  /** The whole set (replaces the current labels). */
  labels?: string[];
  addLabels?: string[];
  removeLabels?: string[];
}

export const asksForLabels = (changes: IssueLabelChanges): boolean =>
  changes.labels !== undefined || changes.addLabels !== undefined || changes.removeLabels !== undefined;

/**
 * Inside the caller's transaction: gives the issue the labels asked for, creating the project
 * labels that do not exist yet with the default color, as GitLab does. Removing a label the issue
 * or the project does not have is no error.
 */
export async function applyIssueLabels(trx: Db, projectId: number, issueId: number, changes: IssueLabelChanges, now: string): Promise<void> {
  const current = changes.labels ?? ((await labelsOfIssues(trx, [issueId])).get(issueId) ?? []).map((label) => label.name);
  await replaceIssueLabels(trx, issueId, await labelIdsAfter(trx, projectId, current, changes, now));
}

/**
 * The ids of the labels `current` (names) becomes with `changes`, creating the project labels that
 * do not exist yet with the default color (issues and merge requests alike).
 */
export async function labelIdsAfter(trx: Db, projectId: number, current: string[], changes: IssueLabelChanges, now: string): Promise<number[]> {
  const names = new Set(changes.labels ?? current);
  for (const name of changes.addLabels ?? []) names.add(name);
  for (const name of changes.removeLabels ?? []) names.delete(name);
  const wanted = [...names];
  const existing = new Set((await findLabelsByNames(trx, projectId, wanted)).map((label) => label.name));
  await insertMissingLabels(
    trx,
    wanted
      .filter((name) => !existing.has(name))
      .map((name) => ({ project_id: projectId, name, color: DEFAULT_LABEL_COLOR, description: null, priority: null, created_at: now, updated_at: now })),
  );
  return (await findLabelsByNames(trx, projectId, wanted)).map((label) => label.id);
}
