import { AccessLevel } from '../domain/access-levels.ts';
import type { Actor } from '../domain/principal.ts';
import { canDownloadCode, type ProjectFacts } from './project-policies.ts';

export type RegistryAction = 'pull' | 'push' | 'delete' | '*';

/** One entry of a registry token's `access` claim. */
export interface RegistryAccess {
  type: 'repository' | 'registry';
  name: string;
  actions: readonly string[];
}

/** What the credential's scopes grant (the first gate), from principalHasAbility. */
export interface RegistryAbilities {
  readContainerImage: boolean;
  createContainerImage: boolean;
  adminContainerImage: boolean;
}

/** Images are pulled by whoever may pull the code: Reporter+, or anyone who can see a public or internal project. */
export const canReadContainerImages = canDownloadCode;

function allows(facts: ProjectFacts, abilities: RegistryAbilities, action: string): action is RegistryAction {
  switch (action) {
    case 'pull':
      return abilities.readContainerImage && canReadContainerImages(facts);
    case 'push':
      return abilities.createContainerImage && facts.level >= AccessLevel.Developer;
    case 'delete':
    case '*':
      return abilities.adminContainerImage && facts.level >= AccessLevel.Maintainer;
    default:
      return false;
  }
}

/**
 * Of the actions asked for on one of the project's image repositories, those both gates permit:
 * the scope grants the ability, the role permits the action. The rest are dropped silently.
 */
export function grantedRepositoryActions(
  facts: ProjectFacts,
  abilities: RegistryAbilities,
  requested: readonly string[],
): RegistryAction[] {
  return requested.filter((action) => allows(facts, abilities, action));
}

/** `registry:catalog:*` (listing every repository) is for administrators only. */
export function canListRegistryCatalog(actor: Actor | null, abilities: RegistryAbilities): boolean {
  return actor !== null && actor.isAdmin && actor.userType === 'human' && abilities.readContainerImage;
}
