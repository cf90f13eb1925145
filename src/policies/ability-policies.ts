import { AppError } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { scopesGrant, scopesGranting, type Ability } from '../domain/scopes.ts';

/** First gate: does the credential's scope grant the ability? Passwords and sessions grant all. */
export function principalHasAbility(principal: Principal, ability: Ability): boolean {
  if (principal.kind === 'anonymous') return ability === 'read_project' || ability === 'download_code' || ability === 'read_container_image';
  return principal.via !== 'token' || scopesGrant(principal.token.scopes, ability);
}

export function requireAbility(principal: Principal, ability: Ability): void {
  if (!principalHasAbility(principal, ability)) {
    throw new AppError('insufficient_scope', 'Insufficient scope', { scopes: scopesGranting(ability) });
  }
}
