import { fieldErrors } from '../../domain/errors.ts';
import { isReservedUsername, nameError, pathError } from '../../domain/names.ts';
import type { Visibility } from '../../domain/visibility.ts';
import type { Db } from '../../db/database.ts';
import { childVisibilities } from '../../db/repositories/groups.ts';
import { visibilityAllowedIn } from '../../policies/group-policies.ts';
import { MAX_DESCRIPTION } from '../projects/project-rules.ts';

/** Model errors of a group's fields, keyed as GitLab keys them; only the given fields are checked. */
export function checkGroupFields(fields: { name?: string; path?: string; description?: string | null }, topLevel: boolean): void {
  const errors: Record<string, string[]> = {};
  if (fields.name !== undefined) {
    const problem = nameError(fields.name, 'Name');
    if (problem) errors.name = [problem];
  }
  if (fields.path !== undefined) {
    const problem = fields.path.length === 0 ? "Path can't be blank" : pathError(fields.path, 'Path');
    if (problem) errors.path = [problem];
    else if (topLevel && isReservedUsername(fields.path)) errors.path = [`${fields.path} is a reserved name`];
  }
  if (fields.description && fields.description.length > MAX_DESCRIPTION) {
    errors.description = [`Description is too long (maximum is ${MAX_DESCRIPTION} characters)`];
  }
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
}

export const pathTaken = () => fieldErrors({ path: ['has already been taken'] });

/** GitLab's refusal of a subgroup more visible than its parent. */
export function checkVisibilityUnderParent(visibility: Visibility, parent: Visibility | null): void {
  if (parent !== null && !visibilityAllowedIn(visibility, parent)) {
    throw fieldErrors({ visibility_level: [`${visibility} is not allowed since the parent group has a ${parent} visibility.`] });
  }
}

/** GitLab's refusal of a project more visible than its group. */
export function checkProjectVisibilityInGroup(visibility: Visibility, group: Visibility): void {
  if (!visibilityAllowedIn(visibility, group)) throw fieldErrors({ visibility_level: [`${visibility} is not allowed in a ${group} group.`] });
}

/** GitLab's refusal to make a group less visible than what it holds. */
export async function checkVisibilityOverChildren(db: Db, groupId: number, visibility: Visibility): Promise<void> {
  const children = await childVisibilities(db, groupId);
  if (children.projects.some((child) => !visibilityAllowedIn(child as Visibility, visibility))) {
    throw fieldErrors({ visibility_level: [`${visibility} is not allowed since this group contains projects with higher visibility.`] });
  }
  if (children.subgroups.some((child) => !visibilityAllowedIn(child as Visibility, visibility))) {
    throw fieldErrors({ visibility_level: [`${visibility} is not allowed since there are sub-groups with higher visibility.`] });
  }
}
