import { AppError } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { scopesGrant, scopesGranting, type Ability, type Scope } from '../domain/scopes.ts';

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

/**
 * The API route gate: `api` opens every route, `read_api` every GET/HEAD route; some routes also
 * accept other scopes (e.g. `read_user` for GET /user, `self_rotate` for self-rotation).
 */
export function requireApiScope(principal: Principal, method: string, alsoAccepted: readonly Scope[] = []): void {
  if (principal.kind === 'anonymous' || principal.via !== 'token') return;
  const scopes = principal.token.scopes;
  const reading = method === 'GET' || method === 'HEAD';
  if (scopes.includes('api')) return;
  if (reading && scopes.includes('read_api')) return;
  if (alsoAccepted.some((scope) => scopes.includes(scope))) return;
  const wouldDo: Scope[] = reading ? ['api', 'read_api'] : ['api'];
  throw new AppError('insufficient_scope', 'Insufficient scope', {
    scopes: [...wouldDo, ...alsoAccepted.filter((s) => !wouldDo.includes(s))],
  });
}
