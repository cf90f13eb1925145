import { AppError } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { anonymousMay, scopesGrant, scopesGranting, type Ability } from '../domain/scopes.ts';

/** First gate: does the credential grant the ability? A token by its scopes; passwords, sessions and SSH keys grant all. */
export function principalHasAbility(principal: Principal, ability: Ability): boolean {
  if (principal.kind === 'anonymous') return anonymousMay(ability);
  return principal.via !== 'token' || scopesGrant(principal.token.scopes, ability);
}

/** The first gate as a refusal: 401 for no credential, else 403 insufficient_scope naming the scopes that would do. */
export function requireAbility(principal: Principal, ability: Ability): void {
  if (principalHasAbility(principal, ability)) return;
  if (principal.kind === 'anonymous') throw new AppError('unauthorized', 'Unauthorized');
  throw new AppError('insufficient_scope', 'Insufficient scope', { scopes: scopesGranting(ability) });
}
