import { fieldErrors, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findLabelByName, updateLabelRow } from '../../db/repositories/labels.ts';
import type { LabelRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { canManageLabels } from '../../policies/label-policies.ts';
import { findProjectLabel } from './find-label.ts';
import { checkLabelFields } from './label-rules.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

const nameTaken = () => fieldErrors({ title: ['has already been taken'] });

/** Only the given fields change; `priority: null` removes the priority. */
export async function updateLabel(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; label: string; newName?: string; color?: string; description?: string | null; priority?: number | null },
): Promise<LabelRow> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canManageLabels(context.facts)) throw notPermitted('manage_labels');
  const label = await findProjectLabel(deps, context.project.id, input.label);
  const { values, errors } = checkLabelFields({ name: input.newName, color: input.color, description: input.description, priority: input.priority });
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const renamed = values.name !== undefined && values.name !== label.name;
  if (renamed && (await findLabelByName(deps.db, context.project.id, values.name!))) throw nameTaken();
  try {
    return await updateLabelRow(deps.db, label.id, {
      ...(renamed && { name: values.name }),
      ...(values.color !== undefined && { color: values.color }),
      ...(values.description !== undefined && { description: values.description }),
      ...(values.priority !== undefined && { priority: values.priority }),
      updated_at: deps.clock.now().toISOString(),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}
