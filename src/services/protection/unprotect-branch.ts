import type { Principal } from '../../domain/principal.ts';
import { deleteProtectedBranchRow, findProtectedBranchRow } from '../../db/repositories/protected-refs.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findProtectionManager, protectionNotFound } from './protection-access.ts';

/** DELETE /projects/:id/protected_branches/:name: the branch (or pattern) is no longer protected. */
export async function unprotectBranch(deps: Deps, actor: Principal, input: { project: ProjectRef; name: string }): Promise<void> {
  const context = await findProtectionManager(deps, actor, input.project);
  const row = await findProtectedBranchRow(deps.db, context.project.id, input.name);
  if (!row) throw protectionNotFound();
  await deleteProtectedBranchRow(deps.db, row.id);
}
