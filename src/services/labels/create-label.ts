import { AppError, fieldErrors, notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { findLabelByName, insertLabel } from '../../db/repositories/labels.ts';
import type { LabelRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { canManageLabels } from '../../policies/label-policies.ts';
import { checkLabelFields } from './label-rules.ts';
import { findVisibleProject, type ProjectRef } from '../projects/project-context.ts';

const labelExists = () => new AppError('conflict', 'Label already exists');

export async function createLabel(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; name: string; color: string; description: string | null; priority: number | null },
): Promise<LabelRow> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canManageLabels(context.facts)) throw notPermitted('manage_labels');
  const { values, errors } = checkLabelFields(input);
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const name = values.name!;
  if (await findLabelByName(deps.db, context.project.id, name)) throw labelExists();
  const now = deps.clock.now().toISOString();
  try {
    return await insertLabel(deps.db, {
      project_id: context.project.id,
      name,
      color: values.color!,
      description: input.description,
      priority: input.priority,
      created_at: now,
      updated_at: now,
    });
  } catch (error) {
    // Another request created it since the check above.
    if (isUniqueViolation(error)) throw labelExists();
    throw error;
  }
}
