import { fieldErrors } from '../../domain/errors.ts';
import { isReservedUsername } from '../../domain/names.ts';
import type { Visibility } from '../../domain/visibility.ts';
import type { Db } from '../../db/database.ts';
import { childVisibilities } from '../../db/repositories/groups.ts';
import { visibilityAllowedIn } from '../../policies/group-policies.ts';
import { projectFieldErrors } from '../projects/project-rules.ts';

/** Model errors of a group's fields, as a project's (GitLab keys them alike); a top-level path may not be a reserved name. */
export function checkGroupFields(fields: { name?: string; path?: string; description?: string | null }, topLevel: boolean): void {
  const errors = projectFieldErrors(fields);
  if (fields.path !== undefined && errors.path === undefined && topLevel && isReservedUsername(fields.path)) errors.path = [`${fields.path} is a reserved name`];
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
