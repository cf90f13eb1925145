import { notPermitted } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { fullPathOf } from '../../domain/project-ref.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { listAuditEvents } from '../../db/repositories/audit-events.ts';
import type { AuditEventRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { canReadAuditEvents } from '../../policies/project-policies.ts';
import { findVisibleProject, type ProjectRef } from './project-context.ts';

export async function listProjectAuditEvents(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; createdBefore?: string; createdAfter?: string; page: Page },
): Promise<{ projectPath: string; events: Paged<AuditEventRow> }> {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canReadAuditEvents(context.facts)) throw notPermitted('read_audit_events');
  const events = await listAuditEvents(
    deps.db,
    { type: 'Project', id: context.project.id },
    { createdBefore: input.createdBefore, createdAfter: input.createdAfter },
    input.page,
  );
  return { projectPath: fullPathOf(context), events };
}
