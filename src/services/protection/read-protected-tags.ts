import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { findProtectedTagRow, listProtectedTagRows } from '../../db/repositories/protected-refs.ts';
import type { ProtectedTagRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findProtectionManager, protectionNotFound } from './protection-access.ts';

/** GET /projects/:id/protected_tags. */
export async function listProtectedTags(deps: Deps, actor: Principal, input: { project: ProjectRef; page: Page }): Promise<Paged<ProtectedTagRow>> {
  const context = await findProtectionManager(deps, actor, input.project);
  return listProtectedTagRows(deps.db, context.project.id, input.page);
}

/** GET /projects/:id/protected_tags/:name. */
export async function getProtectedTag(deps: Deps, actor: Principal, input: { project: ProjectRef; name: string }): Promise<ProtectedTagRow> {
  const context = await findProtectionManager(deps, actor, input.project);
  const row = await findProtectedTagRow(deps.db, context.project.id, input.name);
  if (!row) throw protectionNotFound();
  return row;
}
