import type { Principal } from '../domain/principal.ts';
import { principalHasAbility } from './ability-policies.ts';
import { canDownloadCode, canPushCode, type ProjectFacts } from './project-policies.ts';

/** Both gates for a repository, as git and the repository API share them: the scope, then the role. */
export function codeAccess(actor: Principal, facts: ProjectFacts): { download: boolean; push: boolean } {
  return {
    download: principalHasAbility(actor, 'download_code') && canDownloadCode(facts),
    push: principalHasAbility(actor, 'push_code') && canPushCode(facts),
  };
}
