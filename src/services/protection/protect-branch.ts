import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { insertProtectedBranch } from '../../db/repositories/protected-refs.ts';
import type { ProtectedBranchRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import type { ProtectionLevel } from '../../policies/protection-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findProtectionManager, protectionName } from './protection-access.ts';

export interface ProtectBranchInput {
  project: ProjectRef;
  name: string;
  pushAccessLevel?: ProtectionLevel;
  mergeAccessLevel?: ProtectionLevel;
  allowForcePush?: boolean;
  codeOwnerApprovalRequired?: boolean;
}

/** POST /projects/:id/protected_branches: a name or pattern, Maintainers by default; 409 when it is already protected. */
export async function protectBranch(deps: Deps, actor: Principal, input: ProtectBranchInput): Promise<ProtectedBranchRow> {
  const context = await findProtectionManager(deps, actor, input.project);
  const name = protectionName(input.name);
  const now = deps.clock.now().toISOString();
  try {
    return await insertProtectedBranch(deps.db, {
      project_id: context.project.id,
      name,
      push_access_level: input.pushAccessLevel ?? 40,
      merge_access_level: input.mergeAccessLevel ?? 40,
      allow_force_push: input.allowForcePush ? 1 : 0,
      code_owner_approval_required: input.codeOwnerApprovalRequired ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `Protected branch '${name}' already exists`);
    throw error;
  }
}
