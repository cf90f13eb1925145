import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { findProtectedBranchRow, listProtectedBranchRows } from '../../db/repositories/protected-refs.ts';
import type { ProtectedBranchRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findProtectionManager, protectionNotFound } from './protection-access.ts';

/** GET /projects/:id/protected_branches (`search` matches anywhere in the name). */
export async function listProtectedBranches(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; search?: string; page: Page },
): Promise<Paged<ProtectedBranchRow>> {
  const context = await findProtectionManager(deps, actor, input.project);
  return listProtectedBranchRows(deps.db, context.project.id, input.page, input.search);
}

/** GET /projects/:id/protected_branches/:name: the rule by its exact name (a pattern is named as written). */
export async function getProtectedBranch(deps: Deps, actor: Principal, input: { project: ProjectRef; name: string }): Promise<ProtectedBranchRow> {
  const context = await findProtectionManager(deps, actor, input.project);
  const row = await findProtectedBranchRow(deps.db, context.project.id, input.name);
  if (!row) throw protectionNotFound();
  return row;
}
