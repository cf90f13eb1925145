import type { Principal } from '../../domain/principal.ts';
import { findProtectedBranchRow, updateProtectedBranchRow } from '../../db/repositories/protected-refs.ts';
import type { ProtectedBranchRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findProtectionManager, protectionNotFound } from './protection-access.ts';

/** PATCH /projects/:id/protected_branches/:name: `allow_force_push` and `code_owner_approval_required`. */
export async function updateProtectedBranch(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; name: string; allowForcePush?: boolean; codeOwnerApprovalRequired?: boolean },
): Promise<ProtectedBranchRow> {
  const context = await findProtectionManager(deps, actor, input.project);
  const row = await findProtectedBranchRow(deps.db, context.project.id, input.name);
  if (!row) throw protectionNotFound();
  return updateProtectedBranchRow(deps.db, row.id, {
    ...(input.allowForcePush !== undefined && { allow_force_push: input.allowForcePush ? 1 : 0 }),
    ...(input.codeOwnerApprovalRequired !== undefined && { code_owner_approval_required: input.codeOwnerApprovalRequired ? 1 : 0 }),
    updated_at: deps.clock.now().toISOString(),
  });
}
