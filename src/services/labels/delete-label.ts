import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { deleteLabelRow } from '../../db/repositories/labels.ts';
import type { Deps } from '../../deps.ts';
import { canManageLabels } from '../../policies/label-policies.ts';
import { findProjectLabel } from './find-label.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

/** Deletes the label; the issues that carried it lose it (the links go with the label). */
export async function deleteLabel(deps: Deps, actor: Principal, input: { project: ProjectRef; label: string }): Promise<void> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canManageLabels(context.facts)) throw notPermitted('manage_labels');
  const label = await findProjectLabel(deps, context.project.id, input.label);
  await deleteLabelRow(deps.db, label.id);
}
