import { rejected } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { insertProtectedTag } from '../../db/repositories/protected-refs.ts';
import type { ProtectedTagRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import type { ProtectionLevel } from '../../policies/protection-policies.ts';
import type { ProjectRef } from '../projects/project-context.ts';
import { findProtectionManager, protectionName } from './protection-access.ts';

/** POST /projects/:id/protected_tags: a tag name or pattern that only `create_access_level` (Maintainers by default) creates. */
export async function protectTag(
  deps: Deps,
  actor: Principal,
  input: { project: ProjectRef; name: string; createAccessLevel?: ProtectionLevel },
): Promise<ProtectedTagRow> {
  const context = await findProtectionManager(deps, actor, input.project);
  const name = protectionName(input.name);
  const now = deps.clock.now().toISOString();
  try {
    return await insertProtectedTag(deps.db, {
      project_id: context.project.id,
      name,
      create_access_level: input.createAccessLevel ?? 40,
      created_at: now,
      updated_at: now,
    });
  } catch (error) {
    // GitLab's model validation, 422 (where a protected branch taken twice is 409).
    if (isUniqueViolation(error)) throw rejected(['Name has already been taken'], 422);
    throw error;
  }
}
