import type { Principal } from '../../domain/principal.ts';
import { deleteProtectedTagRow, findProtectedTagRow } from '../../db/repositories/protected-refs.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findProtectionManager, protectionNotFound } from './protection-access.ts';

/** DELETE /projects/:id/protected_tags/:name. */
export async function unprotectTag(deps: Deps, actor: Principal, input: { project: ProjectRef; name: string }): Promise<void> {
  const context = await findProtectionManager(deps, actor, input.project);
  const row = await findProtectedTagRow(deps.db, context.project.id, input.name);
  if (!row) throw protectionNotFound();
  await deleteProtectedTagRow(deps.db, row.id);
}
