import type { ProtectedBranchRow, ProtectedTagRow } from '../../db/schema.ts';
import { PROTECTION_LEVEL_DESCRIPTIONS } from '../../policies/protection-policies.ts';

/** GitLab's ProtectedRefAccess: one level per rule (Latchkey grants no single users, groups or deploy keys). */
function presentAccessLevel(id: number, level: number) {
  return {
    id,
    access_level: level,
    access_level_description: PROTECTION_LEVEL_DESCRIPTIONS[level] ?? 'No one',
    deploy_key_id: null,
    user_id: null,
    group_id: null,
  };
}

/** GitLab's ProtectedBranch entity. */
export function presentProtectedBranch(row: ProtectedBranchRow) {
  return {
    id: row.id,
    name: row.name,
    push_access_levels: [presentAccessLevel(row.id, row.push_access_level)],
    merge_access_levels: [presentAccessLevel(row.id, row.merge_access_level)],
    unprotect_access_levels: [],
    allow_force_push: Number(row.allow_force_push) === 1,
    code_owner_approval_required: Number(row.code_owner_approval_required) === 1,
    inherited: false,
  };
}

/** GitLab's ProtectedTag entity. */
export function presentProtectedTag(row: ProtectedTagRow) {
  return {
    name: row.name,
    create_access_levels: [presentAccessLevel(row.id, row.create_access_level)],
  };
}
