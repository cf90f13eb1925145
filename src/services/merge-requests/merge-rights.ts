import type { Principal } from '../../domain/principal.ts';
import { findProtectionRules } from '../../db/repositories/protected-refs.ts';
import type { Deps } from '../../deps.ts';
import { codeAccess } from '../../policies/code-policies.ts';
import { canMergeToBranch } from '../../policies/merge-request-merge-policies.ts';
import type { ProjectContext } from '../projects/project-context.ts';

/** GitLab's merge rule: push rights on the project (scope and role) and, on a protected target, its merge level. */
export async function mayMergeInto(deps: Deps, actor: Principal, context: ProjectContext, targetBranch: string): Promise<boolean> {
  if (actor.kind !== 'user' || !codeAccess(actor, context.facts).push) return false;
  const rules = await findProtectionRules(deps.db, context.project.id);
  return canMergeToBranch(rules.branches, targetBranch, { level: context.facts.level, isAdmin: actor.user.isAdmin });
}
